package io.sluice.protocol.selector;

/**
 * One node of a compiled selector. A node yields a value ({@link Boolean}, a {@link Number},
 * {@link String} or {@code null} for NULL) and, where a condition is expected, a {@link Truth}.
 * Nodes never throw and never change state, so sub-expressions may be skipped or evaluated in any
 * order.
 *
 * <p>Immutable; thread-safe.
 */
abstract class Node {
    /** The type known when parsing; {@link ValueType#ANY} for properties. */
    final ValueType type;

    Node(ValueType type) {
        this.type = type;
    }

    abstract Object value(SelectorContext context);

    /** The node as a condition: a Boolean value is TRUE or FALSE, anything else UNKNOWN. */
    Truth truth(SelectorContext context) {
        return Truth.of(value(context));
    }

    /** Whether the node's value does not depend on the message (so the parser may fold it). */
    boolean isConstant() {
        return false;
    }

    /** Folds a node with only constant operands into a literal. */
    static Node fold(Node node, boolean constant) {
        if (!constant) {
            return node;
        }
        return new Literal(node.value(null), node.type);
    }

    static boolean allConstant(Node... nodes) {
        for (Node node : nodes) {
            if (!node.isConstant()) {
                return false;
            }
        }
        return true;
    }
}
