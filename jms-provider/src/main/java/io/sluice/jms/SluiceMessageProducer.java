package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

/**
 * A JMS producer: its default delivery mode, priority, time to live, delivery delay and the
 * message id and timestamp switches, applied by the connection's {@link MessageSender}. A producer
 * made with a destination sends only there ({@code send(Destination, ...)} throws {@link
 * UnsupportedOperationException}); an anonymous one needs a destination per send.
 *
 * <p>Not thread-safe beyond what JMS requires: used by its session's thread of control; {@code
 * close} may be called from any thread.
 */
public final class SluiceMessageProducer implements QueueSender, TopicPublisher {
    private final SluiceSession session;
    private final SluiceDestination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLiveMs = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelayMs = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    /** Volatile: close may come from another thread. */
    private volatile boolean closed;

    SluiceMessageProducer(SluiceSession session, SluiceDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    // ---- settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkUsable();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkUsable();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkUsable();
        disableMessageTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkUsable();
        return disableMessageTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkUsable();
        SendOptions.checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkUsable();
        return deliveryMode;
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        checkUsable();
        SendOptions.checkPriority(defaultPriority);
        this.priority = defaultPriority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkUsable();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkUsable();
        this.timeToLiveMs = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkUsable();
        return timeToLiveMs;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkUsable();
        SendOptions.checkDeliveryDelay(deliveryDelay);
        this.deliveryDelayMs = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkUsable();
        return deliveryDelayMs;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkUsable();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkUsable();
        return (Queue) destination;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkUsable();
        return (Topic) destination;
    }

    // ---- sending to the producer's destination

    @Override
    public void send(Message message) throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLiveMs, null);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLiveMs, checkListener(completionListener));
    }

    @Override
    public void send(
            Message message, int deliveryMode, int priority, long timeToLive, CompletionListener completionListener)
            throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLive, checkListener(completionListener));
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    private void sendToOwn(Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        checkUsable();
        if (destination == null) {
            throw new UnsupportedOperationException(
                    "this producer was created without a destination; use a send method that takes one");
        }
        sendTo(destination, message, mode, prio, ttl, listener);
    }

    // ---- sending to a destination per message (anonymous producers)

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        sendToGiven(destination, message, deliveryMode, priority, timeToLiveMs, null);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        sendToGiven(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener)
            throws JMSException {
        sendToGiven(destination, message, deliveryMode, priority, timeToLiveMs, checkListener(completionListener));
    }

    @Override
    public void send(
            Destination destination,
            Message message,
            int deliveryMode,
            int priority,
            long timeToLive,
            CompletionListener completionListener)
            throws JMSException {
        sendToGiven(destination, message, deliveryMode, priority, timeToLive, checkListener(completionListener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private void sendToGiven(
            Destination given, Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        checkUsable();
        if (destination != null) {
            throw new UnsupportedOperationException("this producer was created for " + destination
                    + "; send(Destination, ...) is only for producers created without a destination");
        }
        if (given == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        sendTo(SluiceDestination.from(given), message, mode, prio, ttl, listener);
    }

    private void sendTo(SluiceDestination to, Message message, int mode, int prio, long ttl, CompletionListener l)
            throws JMSException {
        SendOptions options = new SendOptions(
                        mode, prio, ttl, deliveryDelayMs, disableMessageId, disableMessageTimestamp)
                .validated();
        session.connection().sender().send(session, this, to, message, options, l);
    }

    private static CompletionListener checkListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("the CompletionListener is null");
        }
        return listener;
    }

    // ---- closing

    /**
     * Closes the producer after its incomplete asynchronous sends have been reported.
     *
     * @throws jakarta.jms.IllegalStateException if called from one of its own CompletionListeners
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (AsyncSends.currentCallbackProducer() == this) {
            throw JmsExceptions.illegalState("close() was called from a CompletionListener of this producer");
        }
        if (!session.isClosed()) {
            session.awaitAsyncSends(this);
        }
        closed = true;
        session.producerClosed(this);
    }

    void closedWithSession() {
        closed = true;
    }

    private void checkUsable() throws JMSException {
        if (closed) {
            throw JmsExceptions.illegalState("the producer is closed");
        }
        session.checkUsable();
    }

    @Override
    public String toString() {
        return "SluiceMessageProducer(" + (destination == null ? "anonymous" : destination) + ")";
    }
}
