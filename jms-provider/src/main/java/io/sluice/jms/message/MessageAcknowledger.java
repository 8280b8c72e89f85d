package io.sluice.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@code Message.acknowledge()} calls on a received message: implemented by the session that
 * delivered it, which acknowledges every message it has consumed so far (CLIENT_ACKNOWLEDGE) or
 * just this one (an individual-acknowledge mode). A message that was not received, or was received
 * in a mode where acknowledge is ignored, has no acknowledger and {@code acknowledge()} does
 * nothing.
 *
 * <p>Called on the application's thread; implementations synchronise with their session.
 */
@FunctionalInterface
public interface MessageAcknowledger {
    /**
     * @throws jakarta.jms.IllegalStateException if the session is closed
     * @throws JMSException if the acknowledgement fails
     */
    void acknowledge(SluiceMessage message) throws JMSException;
}
