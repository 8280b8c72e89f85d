package io.sluice.protocol.selector;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}: TRUE if the identifier's string value is one of
 * the literals. UNKNOWN if the identifier is NULL or not a string, for IN and NOT IN alike (a
 * non-string compared with strings is UNKNOWN, see {@link Comparison}).
 *
 * <p>Immutable; thread-safe.
 */
final class InList extends Condition {
    /** Up to this many literals a linear scan beats hashing. */
    private static final int LINEAR_SCAN_MAX = 8;

    private final Identifier identifier;
    private final String[] values;
    private final Set<String> valueSet;
    private final boolean negated;

    InList(Identifier identifier, String[] values, boolean negated) {
        this.identifier = identifier;
        this.values = values.clone();
        this.valueSet = values.length > LINEAR_SCAN_MAX ? new HashSet<>(Arrays.asList(values)) : null;
        this.negated = negated;
    }

    @Override
    Truth truth(SelectorContext context) {
        Object v = identifier.value(context);
        if (!(v instanceof String)) {
            return Truth.UNKNOWN;
        }
        return Truth.of(contains((String) v) != negated);
    }

    private boolean contains(String v) {
        if (valueSet != null) {
            return valueSet.contains(v);
        }
        for (String value : values) {
            if (value.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
