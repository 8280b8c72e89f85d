package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.message.DeliveryInfo;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.record.InvalidRecordException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS consumer: one broker consumer (CREATE_CONSUMER) whose pushed messages wait in a {@link
 * PrefetchBuffer} until the application takes them with {@code receive} or its MessageListener is
 * called on the session's dispatcher thread.
 *
 * <p>Credit: the consumer keeps credit plus buffered messages at its prefetch, granting more
 * (one-way FLOW) once half of it has been consumed. With prefetch 0 a {@code receive} grants one
 * credit and takes it back with a drain when it times out; a listener then has credit for one
 * message at a time. {@code receiveNoWait} drains: the broker pushes what is available now and
 * answers, so an empty answer means the destination had nothing for this consumer.
 *
 * <p>Before a message is handed over it is decoded (a malformed record is rejected to the
 * dead-letter queue) and its JMSExpiration checked (an expired message is acknowledged and
 * skipped). Closing the consumer releases what it prefetched and never handed over
 * (RELEASE_UNDELIVERED: not counted as a delivery); a receive blocked in another thread returns
 * null.
 *
 * <p>Thread-safe where JMS requires it ({@code close} from any thread); otherwise used by its
 * session's thread of control.
 */
public final class SluiceMessageConsumer implements QueueReceiver, TopicSubscriber {
    private static final Logger log = LoggerFactory.getLogger(SluiceMessageConsumer.class);

    private final SluiceSession session;
    private final SluiceConnection connection;
    private final int id;
    private final ConsumerSpec spec;
    private final int prefetch;
    private final PrefetchBuffer buffer = new PrefetchBuffer();
    /** Set while a listener delivery task is queued, so pushes do not flood the dispatcher. */
    private final AtomicBoolean listenerScheduled = new AtomicBoolean();

    private final ConsumerCredit credit;
    /** Volatile: set by the application, read by the dispatcher and pushes. */
    private volatile MessageListener listener;
    /** Receives waiting now; with prefetch 0 a start must grant them credit. */
    private final AtomicInteger waitingReceives = new AtomicInteger();
    /** Volatile: close may come from any thread. */
    private volatile boolean closed;

    SluiceMessageConsumer(SluiceSession session, int id, ConsumerSpec spec) {
        this.session = session;
        this.connection = session.connection();
        this.id = id;
        this.spec = spec;
        this.prefetch = connection.settings().prefetch();
        this.credit = new ConsumerCredit(connection.channel(), id, buffer, spec.describe());
    }

    /**
     * Creates the consumer at the broker (CREATE_CONSUMER with the prefetch as initial credit),
     * again on the next connection if the connection drops before the answer. A consumer of a
     * connection that is not started asks for nothing yet (its credit comes with {@code start}), so
     * it takes no queue messages away from consumers that are running.
     */
    void createAtBroker() throws JMSException {
        BrokerChannel channel = connection.channel();
        channel.callWith(
                "creating " + spec.describe(),
                epoch -> epoch >= 0 && credit.epoch() == epoch
                        // the connection dropped meanwhile and its recovery created the consumer already
                        ? java.util.concurrent.CompletableFuture.completedFuture(null)
                        : attach(channel, epoch));
    }

    /** Re-creates the consumer on the connection of {@code epoch} (after a reconnect). */
    void reattach(long epoch) throws JMSException {
        BrokerChannel channel = connection.channel();
        ConnectionRecovery.await("re-creating " + spec.describe(), attach(channel, epoch));
    }

    private java.util.concurrent.CompletableFuture<Empty> attach(BrokerChannel channel, long epoch) {
        int initialCredit = connection.isStarted() ? prefetch : 0;
        return credit.attach(
                epoch,
                initialCredit,
                e -> channel.request(ApiKey.CREATE_CONSUMER, createRequest(initialCredit), Empty::read, e));
    }

    /** The connection was lost: returns the buffered messages, which are discarded, and zeroes the credit. */
    List<Delivery> detach() {
        return credit.detach();
    }

    private CreateConsumerRequest createRequest(int initialCredit) {
        SluiceDestination d = spec.destination();
        return new CreateConsumerRequest(
                id,
                d.name(),
                d.kind(),
                spec.type(),
                spec.subscriptionName(),
                spec.selector(),
                spec.noLocal() && spec.type() != SubscriptionType.QUEUE,
                initialCredit,
                true);
    }

    int id() {
        return id;
    }

    ConsumerSpec spec() {
        return spec;
    }

    // ---- receiving

    @Override
    public Message receive() throws JMSException {
        return receive(-1, null);
    }

    /** Waits up to {@code timeout} ms; 0 waits without limit, as the specification says. */
    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout <= 0 ? -1 : timeout, null);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, null);
    }

    /**
     * Receives the next message.
     *
     * @param timeoutMs -1 waits without limit, 0 does not wait (drains), otherwise the limit
     * @param bodyType with an automatic acknowledge mode: a message whose body is not assignable to
     *     it stays first in line and {@link MessageFormatException} is thrown (JMSConsumer.receiveBody)
     */
    SluiceMessage receive(long timeoutMs, Class<?> bodyType) throws JMSException {
        checkUsable();
        if (listener != null) {
            throw JmsExceptions.illegalState(
                    "this consumer has a MessageListener; synchronous receive is not allowed on it");
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            Delivery d = timeoutMs == 0 ? nextNoWait() : nextWaiting(deadline);
            if (d == null) {
                return null;
            }
            SluiceMessage m = prepare(d);
            if (m == null) {
                replenish();
                continue;
            }
            if (bodyType != null
                    && !session.acks().isClientAcknowledge()
                    && !(m.hasBody() && m.isBodyAssignableTo(bodyType))) {
                buffer.pushFront(d);
                throw new MessageFormatException(bodyProblem(m, bodyType) + "; the message stays first in line");
            }
            session.consumed(this, d);
            replenish();
            return m;
        }
    }

    /** Why receiveBody cannot return the body of {@code m} as a {@code bodyType}. */
    static String bodyProblem(SluiceMessage m, Class<?> bodyType) throws JMSException {
        return m.hasBody()
                ? "the body of " + m.getJMSMessageID() + " cannot be assigned to " + bodyType.getName()
                : m.getJMSMessageID() + " has no body to receive";
    }

    private Delivery nextWaiting(long deadline) throws JMSException {
        Delivery d;
        waitingReceives.incrementAndGet();
        try {
            if (prefetch == 0) {
                grantOneForReceive();
            }
            if (buffer.isEmpty()) {
                session.acks().flush();
            }
            d = buffer.take(deadline, connection::isStarted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("receive was interrupted");
        } finally {
            waitingReceives.decrementAndGet();
        }
        if (d != null || closed) {
            return d;
        }
        if (prefetch == 0 && buffer.credit() > 0) {
            drain(0);
            return connection.isStarted() ? buffer.poll() : null;
        }
        return null;
    }

    private Delivery nextNoWait() throws JMSException {
        if (!connection.isStarted()) {
            return null;
        }
        Delivery d = buffer.poll();
        if (d != null) {
            return d;
        }
        session.acks().flush();
        try {
            drain(prefetch == 0 ? 1 : 0);
            return buffer.poll();
        } finally {
            replenish();
        }
    }

    private void drain(int addCredit) throws JMSException {
        credit.drain(addCredit);
    }

    private void grantOneForReceive() {
        if (connection.isStarted()) {
            credit.grantOne();
        }
    }

    /**
     * Tops the credit up to the window (the prefetch; with prefetch 0, one message for a listener).
     * Nothing is granted while the connection is stopped; {@code start} tops it up.
     */
    void replenish() {
        if (!closed && connection.isStarted()) {
            credit.replenish(prefetch > 0 ? prefetch : (listener != null ? 1 : 0));
        }
    }

    /**
     * Decodes a delivery into the message the application gets, or settles it and returns null: a
     * malformed record is rejected (dead-lettered), an expired message acknowledged; a message of a
     * lost connection is dropped (the broker delivers it again).
     */
    private SluiceMessage prepare(Delivery d) {
        if (connection.discardIfStale(d)) {
            return null;
        }
        SluiceMessage m;
        try {
            m = connection
                    .codec()
                    .decode(d.readRecord(), DeliveryInfo.of(spec.destination(), d.partition(), d.deliveryCount()));
        } catch (JMSException | InvalidRecordException e) {
            log.warn(
                    "rejecting a malformed message of {} (delivery {}): {}",
                    spec.destination(),
                    d.deliveryId(),
                    e.getMessage());
            settleOne(AckType.REJECT, d);
            return null;
        }
        long expiration = m.getJMSExpiration();
        if (expiration != 0 && expiration <= System.currentTimeMillis()) {
            settleOne(AckType.ACCEPT, d);
            return null;
        }
        if (session.acks().isClientAcknowledge()) {
            m.setAcknowledger(session::acknowledgeFromMessage);
        }
        return m;
    }

    private void settleOne(AckType type, Delivery d) {
        DeliveryIds ids = new DeliveryIds();
        ids.add(d.deliveryId());
        connection.channel().settleOneWay(type, ids);
    }

    boolean isBufferEmpty() {
        return buffer.isEmpty();
    }

    // ---- pushes and listener delivery

    /** Pushed messages arrived (network thread). */
    void onDeliveries(List<Delivery> deliveries) {
        buffer.add(deliveries);
        scheduleListener();
    }

    /**
     * Pushed messages were accepted before reaching the buffer (copies of messages acknowledged on a
     * lost connection; network thread): their credit is used, and granted again off this thread.
     */
    void onScreenedOut(int count) {
        buffer.used(count);
        java.util.concurrent.CompletableFuture.runAsync(this::replenish);
    }

    void onConnectionStarted() {
        if (prefetch > 0 || listener != null) {
            replenish();
        } else if (waitingReceives.get() > 0) {
            grantOneForReceive();
        }
        buffer.wakeUp();
        scheduleListener();
    }

    long attachedEpoch() {
        return credit.epoch();
    }

    void onConnectionFailed(JMSException cause) {
        buffer.fail(cause);
    }

    private void scheduleListener() {
        if (listener != null && !closed && connection.isStarted() && listenerScheduled.compareAndSet(false, true)) {
            session.dispatcher().execute(this::deliverToListener);
        }
    }

    /** Hands one buffered message to the listener. Dispatcher thread. */
    private void deliverToListener() {
        listenerScheduled.set(false);
        MessageListener l = listener;
        if (l == null || closed || session.isClosed() || !connection.isStarted()) {
            return;
        }
        Delivery d = buffer.poll();
        if (d == null) {
            return;
        }
        try {
            SluiceMessage m = prepare(d);
            if (m != null) {
                session.deliverToListener(this, l, d, m);
            }
        } finally {
            replenish();
            if (!buffer.isEmpty()) {
                scheduleListener();
            }
        }
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkUsable();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkUsable();
        this.listener = listener;
        if (listener != null) {
            replenish();
            scheduleListener();
        }
    }

    // ---- recover: taking prefetched messages back

    /**
     * Stops the consumer's credit (a drain) and removes every buffered message, so that released
     * messages come back before later ones. Credit stays off until {@link #resume()}.
     */
    List<Delivery> rewind() throws JMSException {
        return credit.rewind(closed);
    }

    void resume() {
        credit.resume();
        replenish();
        scheduleListener();
    }

    /**
     * After a listener threw (automatic acknowledge modes): the message is redelivered at once,
     * before the ones prefetched after it.
     */
    void redeliverAfterListenerFailure(Delivery failed) {
        try {
            DeliveryIds undelivered = new DeliveryIds();
            rewind().forEach(d -> undelivered.add(d.deliveryId()));
            DeliveryIds released = new DeliveryIds();
            released.add(failed.deliveryId());
            connection.channel().settle(AckType.RELEASE, released);
            connection.channel().settle(AckType.RELEASE_UNDELIVERED, undelivered);
        } catch (JMSException e) {
            log.warn("could not release a message whose listener threw: {}", e.getMessage());
        } finally {
            resume();
        }
    }

    // ---- closing

    /**
     * Closes the consumer: a receive in another thread returns null, a listener in progress (in
     * another thread) is waited for, and prefetched messages are released.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (session.isClosed()) {
            closed = true;
            return;
        }
        DeliveryIds undelivered = closeAtBroker();
        session.consumerClosed(this);
        if (!connection.isClosed()) {
            connection.channel().settle(AckType.RELEASE_UNDELIVERED, undelivered);
        }
    }

    /**
     * Stops the consumer at the broker and returns its undelivered messages (to be released by the
     * caller). Used by {@link #close()} and by the session's close.
     */
    DeliveryIds closeAtBroker() throws JMSException {
        closed = true;
        buffer.close();
        if (listener != null && !session.isDispatcherThread()) {
            session.awaitCallbacksIdle();
        }
        JMSException failure = null;
        try {
            connection
                    .channel()
                    .callAttached(
                            "closing " + spec.describe(),
                            ApiKey.CLOSE_CONSUMER,
                            new CloseConsumerRequest(id),
                            Empty::read,
                            credit.epoch());
        } catch (JMSException e) {
            failure = e;
        }
        DeliveryIds undelivered = new DeliveryIds();
        for (Delivery d : buffer.drainAll()) {
            undelivered.add(d.deliveryId());
        }
        connection.router().unregister(id);
        if (failure != null && !connection.isClosed()) {
            try {
                connection.checkUsable();
            } catch (JMSException connectionGone) {
                return new DeliveryIds();
            }
            throw failure;
        }
        return undelivered;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkUsable() throws JMSException {
        if (closed) {
            throw JmsExceptions.illegalState("the consumer is closed");
        }
        session.checkUsable();
    }

    // ---- accessors

    @Override
    public String getMessageSelector() throws JMSException {
        checkUsable();
        return spec.selector();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkUsable();
        return (Queue) spec.destination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkUsable();
        return (Topic) spec.destination();
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkUsable();
        return spec.noLocal();
    }

    @Override
    public String toString() {
        return "SluiceMessageConsumer(" + id + ", " + spec.describe() + ")";
    }
}
