package io.sluice.jms.message;

import jakarta.jms.JMSException;

/** Small helpers for building JMS exceptions that keep their cause. Stateless and thread-safe. */
final class JmsErrors {
    private JmsErrors() {}

    /** Sets {@code cause} as both the linked exception and the cause of {@code e}. */
    static <E extends JMSException> E linked(E e, Exception cause) {
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
