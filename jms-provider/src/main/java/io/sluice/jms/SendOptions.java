package io.sluice.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;

/**
 * How one message is sent: the producer's settings or the per-send overrides.
 *
 * <p>Immutable; thread-safe.
 *
 * @param timeToLiveMs 0 = the message never expires
 * @param deliveryDelayMs 0 = deliverable at once
 */
record SendOptions(
        int deliveryMode,
        int priority,
        long timeToLiveMs,
        long deliveryDelayMs,
        boolean disableMessageId,
        boolean disableMessageTimestamp) {

    static void checkDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + deliveryMode + " is neither PERSISTENT ("
                    + DeliveryMode.PERSISTENT + ") nor NON_PERSISTENT (" + DeliveryMode.NON_PERSISTENT + ")");
        }
    }

    static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority " + priority + " is outside 0-9");
        }
    }

    static void checkDeliveryDelay(long deliveryDelayMs) throws JMSException {
        if (deliveryDelayMs < 0) {
            throw new JMSException("delivery delay " + deliveryDelayMs + " ms is negative");
        }
    }

    /** Checks the values a send may be given. */
    SendOptions validated() throws JMSException {
        checkDeliveryMode(deliveryMode);
        checkPriority(priority);
        checkDeliveryDelay(deliveryDelayMs);
        return this;
    }

    boolean isPersistent() {
        return deliveryMode == DeliveryMode.PERSISTENT;
    }
}
