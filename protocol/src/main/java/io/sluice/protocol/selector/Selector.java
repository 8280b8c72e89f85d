package io.sluice.protocol.selector;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;

/**
 * A compiled JMS message selector (Jakarta Messaging 3.1, section 3.8.1): parsed and type-checked
 * once, then evaluated against any number of messages. The broker evaluates it so that
 * non-matching messages never leave the broker; the client parses it only to report a bad selector
 * when the consumer is created.
 *
 * <pre>{@code
 * Selector selector = Selector.parse("JMSType = 'car' AND color = 'blue' AND weight > 2500");
 * boolean deliver = selector.matches(message::property);
 * }</pre>
 *
 * <p>A selector matches when it evaluates to TRUE; FALSE and UNKNOWN (SQL's NULL logic) do not
 * match. A null, empty or all-whitespace selector is {@link #MATCH_ALL}. The grammar, type rules,
 * NULL logic and limits are in {@code docs/selectors.md}.
 *
 * <p>Immutable; thread-safe: one instance may be evaluated by many threads at once. Evaluation
 * never throws (whatever values the context returns) and takes time linear in the selector and
 * the string values it tests.
 */
public final class Selector {
    /** The selector of a consumer that has none: matches every message. */
    public static final Selector MATCH_ALL = new Selector("", null, Set.of());

    private final String text;
    private final Node root;
    private final Set<String> identifiers;

    private Selector(String text, Node root, Set<String> identifiers) {
        this.text = text;
        this.root = root;
        this.identifiers = identifiers;
    }

    /** Parses with {@link SelectorLimits#DEFAULT}; see {@link #parse(String, SelectorLimits)}. */
    public static Selector parse(String text) throws InvalidSelectorSyntaxException {
        return parse(text, SelectorLimits.DEFAULT);
    }

    /**
     * Parses and compiles a selector.
     *
     * @param text the selector; null, empty or only whitespace means no selector ({@link
     *     #MATCH_ALL})
     * @throws InvalidSelectorSyntaxException if the text is not a valid selector or exceeds the
     *     limits; the message names the problem and its column
     */
    public static Selector parse(String text, SelectorLimits limits) throws InvalidSelectorSyntaxException {
        Objects.requireNonNull(limits, "limits");
        if (text == null) {
            return MATCH_ALL;
        }
        if (text.length() > limits.maxLengthChars()) {
            throw new InvalidSelectorSyntaxException(
                    "selector is " + text.length() + " characters long; the limit is " + limits.maxLengthChars(), -1);
        }
        if (isBlank(text)) {
            return MATCH_ALL;
        }
        SelectorParser parser = new SelectorParser(text, limits);
        Node root = parser.parse();
        return new Selector(text, root, Collections.unmodifiableSet(parser.identifiers()));
    }

    /** Whether the message whose headers and properties {@code context} holds is selected. */
    public boolean matches(SelectorContext context) {
        Objects.requireNonNull(context, "context");
        return root == null || root.truth(context) == Truth.TRUE;
    }

    /** The selector as given, or "" for {@link #MATCH_ALL}. */
    public String text() {
        return text;
    }

    /**
     * The headers and properties the selector references, as the interned strings passed to
     * {@link SelectorContext#value}, in order of first appearance. A broker need decode no others.
     */
    public Set<String> identifiers() {
        return identifiers;
    }

    /** Whether every message matches: no selector, or one that is TRUE whatever the message. */
    public boolean isMatchAll() {
        return root == null || (root.isConstant() && root.truth(null) == Truth.TRUE);
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!SelectorLexer.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Selectors are equal when their texts are: JMS compares a durable subscription's selector so. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Selector && ((Selector) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
