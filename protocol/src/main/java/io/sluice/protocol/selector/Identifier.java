package io.sluice.protocol.selector;

/**
 * A reference to a header or property, looked up in the {@link SelectorContext} by its interned
 * name.
 *
 * <p>Immutable; thread-safe.
 */
final class Identifier extends Node {
    final String name;

    Identifier(String name, ValueType type) {
        super(type);
        this.name = name;
    }

    @Override
    Object value(SelectorContext context) {
        return context.value(name);
    }
}
