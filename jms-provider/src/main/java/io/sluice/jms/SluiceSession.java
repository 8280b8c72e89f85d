package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTemporaryDestination;
import io.sluice.jms.destination.SluiceTopic;
import io.sluice.jms.message.SluiceBytesMessage;
import io.sluice.jms.message.SluiceMapMessage;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.jms.message.SluiceObjectMessage;
import io.sluice.jms.message.SluiceStreamMessage;
import io.sluice.jms.message.SluiceTextMessage;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.api.UnsubscribeRequest;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.selector.InvalidSelectorSyntaxException;
import io.sluice.protocol.selector.Selector;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS session: a single thread of control for its consumers' listeners and its producers'
 * CompletionListeners (its {@link SessionDispatcher}), and the acknowledgement state of the
 * messages it consumed ({@link SessionAcks}). AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE,
 * DUPS_OK_ACKNOWLEDGE and SESSION_TRANSACTED are supported; a transacted session keeps its open
 * transaction (buffered sends, consumed deliveries) in a {@link SessionTransaction}, and {@link
 * #commit()} and {@link #rollback()} throw {@link jakarta.jms.IllegalStateException} on any other.
 *
 * <p>A session made by {@code createQueueSession} or {@code createTopicSession} refuses the other
 * domain's methods with {@link jakarta.jms.IllegalStateException}, as the specification requires.
 *
 * <p>Thread-safe where JMS requires it ({@code close} from any thread); otherwise confined to its
 * thread of control. This class validates and delegates; the work is in the consumers, the
 * connection's {@link MessageSender} and {@link SessionAcks}.
 */
public final class SluiceSession implements Session, QueueSession, TopicSession {
    private static final Logger log = LoggerFactory.getLogger(SluiceSession.class);

    /** Which domain-specific interface the session was created as. */
    enum Domain {
        GENERIC,
        QUEUE,
        TOPIC
    }

    private final SluiceConnection connection;
    private final int acknowledgeMode;
    private final Domain domain;
    private final SessionDispatcher dispatcher;
    private final SessionAcks acks;
    private final AsyncSends asyncSends;
    /** The open transaction of a transacted session; null otherwise. */
    private final SessionTransaction transaction;

    private final int partitionSeed = ThreadLocalRandom.current().nextInt();
    private final List<SluiceMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<SluiceMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<SluiceQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    private final Object closeLock = new Object();

    /** Volatile: checked by every call and every listener delivery. */
    private volatile boolean closing;
    /** The message a listener is processing now; dispatcher thread (read by recover on it). */
    private volatile Delivery current;
    /** Whether recover() released {@link #current}; dispatcher thread. */
    private volatile boolean currentReleased;

    SluiceSession(SluiceConnection connection, int acknowledgeMode, Domain domain, String name) {
        this.connection = connection;
        this.acknowledgeMode = acknowledgeMode;
        this.domain = domain;
        this.dispatcher = new SessionDispatcher(name);
        this.acks = new SessionAcks(connection, acknowledgeMode);
        this.asyncSends = new AsyncSends(this, dispatcher);
        this.transaction = acknowledgeMode == Session.SESSION_TRANSACTED
                ? new SessionTransaction(connection, this::redeliver, java.time.Clock.systemUTC())
                : null;
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkUsable();
        return new SluiceBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkUsable();
        return new SluiceMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkUsable();
        return new SluiceMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkUsable();
        return new SluiceObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkUsable();
        return new SluiceObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkUsable();
        return new SluiceStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkUsable();
        return new SluiceTextMessage(null);
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkUsable();
        return new SluiceTextMessage(text);
    }

    // ---- modes, transactions, recover

    @Override
    public boolean getTransacted() throws JMSException {
        checkUsable();
        return transaction != null;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkUsable();
        return acknowledgeMode;
    }

    /**
     * Commits the open transaction (see {@link SessionTransaction} for the outcomes); asynchronous
     * sends of the transaction are reported to their CompletionListeners before it returns.
     *
     * @throws jakarta.jms.IllegalStateException if the session is closed or not transacted, or when
     *     called from a CompletionListener of this session
     */
    @Override
    public void commit() throws JMSException {
        checkEndOfTransaction("commit()");
        try {
            transaction.commit();
        } finally {
            awaitAsyncSends(null);
        }
    }

    /**
     * Rolls the open transaction back: its sends are dropped (their CompletionListeners hear a
     * TransactionRolledBackException) and its consumed messages are redelivered, flagged and counted.
     *
     * @throws jakarta.jms.IllegalStateException as {@link #commit()}
     */
    @Override
    public void rollback() throws JMSException {
        checkEndOfTransaction("rollback()");
        try {
            transaction.rollback();
        } finally {
            awaitAsyncSends(null);
        }
    }

    private void checkEndOfTransaction(String method) throws JMSException {
        if (closing) {
            throw JmsExceptions.illegalState("the session is closed");
        }
        if (transaction == null) {
            checkUsable();
            throw JmsExceptions.illegalState(method + " was called on a session that is not transacted");
        }
        if (AsyncSends.currentCallbackSession() == this) {
            throw JmsExceptions.illegalState(method + " was called from a CompletionListener of this session");
        }
    }

    /**
     * Stops delivery and redelivers every unacknowledged message, oldest first: consumed ones are
     * released (RELEASE: JMSRedelivered, delivery count + 1), prefetched ones taken back
     * (RELEASE_UNDELIVERED), after draining each consumer's credit so nothing newer overtakes them.
     */
    @Override
    public void recover() throws JMSException {
        checkUsable();
        if (transaction != null) {
            throw JmsExceptions.illegalState("recover() was called on a transacted session; use rollback()");
        }
        acks.flush();
        DeliveryIds released = acks.takeUnacknowledged();
        Delivery inListener = current;
        if (inListener != null && !acks.isClientAcknowledge() && dispatcher.isCurrentThread()) {
            released.add(inListener.deliveryId());
            currentReleased = true;
        }
        redeliver(released);
    }

    /**
     * Releases {@code released} (redelivered, counted) after draining each consumer's credit and
     * taking back its prefetched messages uncounted, so nothing newer overtakes them.
     */
    private void redeliver(DeliveryIds released) throws JMSException {
        DeliveryIds undelivered = new DeliveryIds();
        List<SluiceMessageConsumer> rewound = List.copyOf(consumers);
        try {
            for (SluiceMessageConsumer c : rewound) {
                c.rewind().forEach(d -> undelivered.add(d.deliveryId()));
            }
            connection.channel().settle(AckType.RELEASE, released);
            connection.channel().settle(AckType.RELEASE_UNDELIVERED, undelivered);
        } finally {
            for (SluiceMessageConsumer c : rewound) {
                c.resume();
            }
        }
    }

    /** Session-level listeners are an application-server facility Sluice does not offer. */
    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkUsable();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkUsable();
        throw new JMSException("Session.setMessageListener (an optional application-server facility) is not"
                + " supported; set the listener on a MessageConsumer");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException(
                "Session.run (an optional application-server facility) is not supported");
    }

    // ---- producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkUsable();
        SluiceDestination d = null;
        if (destination != null) {
            d = SluiceDestination.from(destination);
            checkNotDeleted(d);
            connection.destinations().partitions(d);
        }
        SluiceMessageProducer producer = new SluiceMessageProducer(this, d);
        producers.add(producer);
        return producer;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        checkDomain(Domain.QUEUE, "createSender");
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        checkDomain(Domain.TOPIC, "createPublisher");
        return (TopicPublisher) createProducer(topic);
    }

    void producerClosed(SluiceMessageProducer producer) {
        producers.remove(producer);
    }

    // ---- consumers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        checkUsable();
        SluiceDestination d = destination(destination);
        SubscriptionType type = d.isQueue() ? SubscriptionType.QUEUE : SubscriptionType.NON_DURABLE;
        return createConsumer(new ConsumerSpec(d, type, null, selector(messageSelector), noLocal && !d.isQueue()));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return createReceiver(queue, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        checkDomain(Domain.QUEUE, "createReceiver");
        return (QueueReceiver) createConsumer(queue, messageSelector, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return createSubscriber(topic, null, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        checkDomain(Domain.TOPIC, "createSubscriber");
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkDomain(Domain.TOPIC, "createSharedConsumer");
        return createNamed(topic, SubscriptionType.SHARED, sharedSubscriptionName, messageSelector, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkDomain(Domain.TOPIC, "createDurableSubscriber");
        return (TopicSubscriber) createNamed(topic, SubscriptionType.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkDomain(Domain.TOPIC, "createDurableConsumer");
        return createNamed(topic, SubscriptionType.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkDomain(Domain.TOPIC, "createSharedDurableConsumer");
        return createNamed(topic, SubscriptionType.SHARED_DURABLE, name, messageSelector, false);
    }

    private SluiceMessageConsumer createNamed(
            Topic topic, SubscriptionType type, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkUsable();
        SluiceDestination d = destination(topic);
        if (d.isQueue()) {
            throw new InvalidDestinationException(d + " is not a topic");
        }
        if (name == null || name.isEmpty()) {
            throw new JMSException("a subscription name must not be null or empty");
        }
        if (d.isTemporary() && type.isDurable()) {
            throw new InvalidDestinationException("a durable subscription cannot be created on " + d
                    + ": temporary topics live only as long as their connection");
        }
        return createConsumer(new ConsumerSpec(d, type, name, selector(messageSelector), noLocal));
    }

    private SluiceMessageConsumer createConsumer(ConsumerSpec spec) throws JMSException {
        connection.fixClientId();
        SluiceMessageConsumer consumer = new SluiceMessageConsumer(this, connection.nextConsumerId(), spec);
        connection.router().register(consumer.id(), consumer);
        try {
            consumer.createAtBroker();
        } catch (JMSException e) {
            connection.router().unregister(consumer.id());
            throw e;
        }
        consumers.add(consumer);
        if (closing) {
            consumer.close();
            throw JmsExceptions.illegalState("the session was closed while the consumer was created");
        }
        // a start() between the request and the add above did not see this consumer
        consumer.replenish();
        return consumer;
    }

    /** A non-null, not deleted Sluice destination for {@code destination}. */
    private SluiceDestination destination(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        SluiceDestination d = SluiceDestination.from(destination);
        checkNotDeleted(d);
        return d;
    }

    private static void checkNotDeleted(SluiceDestination d) throws InvalidDestinationException {
        if (d instanceof SluiceTemporaryDestination t && t.isDeleted()) {
            throw new InvalidDestinationException(d + " has been deleted");
        }
    }

    /** The selector, checked with the broker's parser; null for none. */
    static String selector(String messageSelector) throws InvalidSelectorException {
        if (messageSelector == null || messageSelector.isBlank()) {
            return null;
        }
        try {
            Selector.parse(messageSelector);
        } catch (InvalidSelectorSyntaxException e) {
            throw JmsExceptions.linked(
                    new InvalidSelectorException(
                            "invalid message selector \"" + messageSelector + "\": " + e.getMessage(),
                            "INVALID_SELECTOR"),
                    e);
        }
        return messageSelector;
    }

    void consumerClosed(SluiceMessageConsumer consumer) {
        consumers.remove(consumer);
    }

    boolean hasConsumerOn(SluiceDestination destination) {
        for (SluiceMessageConsumer c : consumers) {
            if (!c.isClosed() && c.spec().destination().equals(destination)) {
                return true;
            }
        }
        return false;
    }

    // ---- browsers, destinations, subscriptions

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkDomain(Domain.QUEUE, "createBrowser");
        checkUsable();
        SluiceDestination d = destination(queue);
        SluiceQueueBrowser browser = new SluiceQueueBrowser(this, d, selector(messageSelector));
        browsers.add(browser);
        return browser;
    }

    void browserClosed(SluiceQueueBrowser browser) {
        browsers.remove(browser);
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkDomain(Domain.QUEUE, "createQueue");
        checkUsable();
        if (queueName == null || queueName.isEmpty()) {
            throw new InvalidDestinationException("a queue name must not be null or empty");
        }
        return new SluiceQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkDomain(Domain.TOPIC, "createTopic");
        checkUsable();
        if (topicName == null || topicName.isEmpty()) {
            throw new InvalidDestinationException("a topic name must not be null or empty");
        }
        return new SluiceTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkDomain(Domain.QUEUE, "createTemporaryQueue");
        checkUsable();
        return (TemporaryQueue) connection.createTemporary(DestinationKind.TEMPORARY_QUEUE);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkDomain(Domain.TOPIC, "createTemporaryTopic");
        checkUsable();
        return (TemporaryTopic) connection.createTemporary(DestinationKind.TEMPORARY_TOPIC);
    }

    /**
     * Deletes a durable (or shared durable) subscription of the connection's client id.
     *
     * @throws InvalidDestinationException if there is no such subscription
     * @throws jakarta.jms.IllegalStateException while it has a consumer or unacknowledged messages
     */
    @Override
    public void unsubscribe(String name) throws JMSException {
        checkDomain(Domain.TOPIC, "unsubscribe");
        checkUsable();
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("a subscription name must not be null or empty");
        }
        connection.fixClientId();
        connection
                .channel()
                .call("unsubscribing '" + name + "'", ApiKey.UNSUBSCRIBE, new UnsubscribeRequest(name), Empty::read);
    }

    private void checkDomain(Domain required, String method) throws JMSException {
        checkUsable();
        if (domain != Domain.GENERIC && domain != required) {
            throw JmsExceptions.illegalState(
                    method + " is not allowed on a " + (domain == Domain.QUEUE ? "QueueSession" : "TopicSession"));
        }
    }

    // ---- delivery and acknowledgement (called by consumers)

    /** A message was handed to the application by a synchronous receive. */
    void consumed(SluiceMessageConsumer consumer, Delivery d) {
        if (transaction != null) {
            transaction.consumed(d.deliveryId());
        } else if (acks.isClientAcknowledge()) {
            acks.consumed(d.deliveryId());
        } else {
            acks.accepted(d.deliveryId(), consumer.isBufferEmpty());
        }
    }

    /** Runs a listener for one message and acknowledges it as the mode says. Dispatcher thread. */
    void deliverToListener(SluiceMessageConsumer consumer, MessageListener listener, Delivery d, SluiceMessage m) {
        boolean automatic = transaction == null && !acks.isClientAcknowledge();
        if (transaction != null) {
            transaction.consumed(d.deliveryId());
        } else if (!automatic) {
            acks.consumed(d.deliveryId());
        }
        current = d;
        currentReleased = false;
        boolean threw = false;
        try {
            listener.onMessage(m);
        } catch (RuntimeException e) {
            threw = true;
            log.warn(
                    "the MessageListener of {} threw; {}",
                    consumer,
                    automatic ? "redelivering the message" : "going on",
                    e);
        } finally {
            current = null;
        }
        if (automatic && !currentReleased) {
            if (threw) {
                consumer.redeliverAfterListenerFailure(d);
            } else {
                acks.accepted(d.deliveryId(), consumer.isBufferEmpty());
            }
        }
    }

    /** {@code Message.acknowledge()} in CLIENT_ACKNOWLEDGE mode: every message consumed so far. */
    void acknowledgeFromMessage(SluiceMessage message) throws JMSException {
        checkUsable();
        acks.acknowledgeAll();
    }

    /** JMSContext.acknowledge(): like {@code Message.acknowledge()}; nothing in the automatic modes. */
    void acknowledge() throws JMSException {
        checkUsable();
        if (acks.isClientAcknowledge()) {
            acks.acknowledgeAll();
        }
    }

    // ---- life cycle

    /**
     * Closes the session: waits for a running listener (unless called from it) and for incomplete
     * asynchronous sends, closes consumers (releasing prefetched messages), producers and browsers,
     * and releases consumed messages not acknowledged. Idempotent.
     *
     * @throws jakarta.jms.IllegalStateException if called from a MessageListener or CompletionListener
     *     of this session (the specification requires the provider to detect the first, which would
     *     wait for itself, and forbids the second)
     */
    @Override
    public void close() throws JMSException {
        if (closing) {
            return;
        }
        if (AsyncSends.currentCallbackSession() == this) {
            throw JmsExceptions.illegalState("close() was called from a CompletionListener of this session");
        }
        if (isDispatcherThread()) {
            throw JmsExceptions.illegalState(
                    "close() was called from a MessageListener of this session, which would wait for itself");
        }
        closeInternal();
        connection.removeSession(this);
    }

    /** Closing the connection closes its sessions. */
    void closeWithConnection() throws JMSException {
        closeInternal();
    }

    private void closeInternal() throws JMSException {
        synchronized (closeLock) {
            if (closing) {
                return;
            }
            awaitCallbacksIdle();
            DeliveryIds rolledBack = transaction == null ? new DeliveryIds() : transaction.close();
            awaitAsyncSends(null);
            closing = true;
            JMSException first = null;
            DeliveryIds undelivered = new DeliveryIds();
            for (SluiceMessageConsumer c : consumers) {
                try {
                    undelivered.addAll(c.closeAtBroker());
                } catch (JMSException e) {
                    first = first == null ? e : first;
                }
            }
            consumers.clear();
            producers.forEach(SluiceMessageProducer::closedWithSession);
            producers.clear();
            browsers.forEach(SluiceQueueBrowser::closedWithSession);
            browsers.clear();
            acks.close();
            rolledBack.addAll(acks.takeUnacknowledged());
            try {
                connection.channel().settle(AckType.RELEASE, rolledBack);
                connection.channel().settle(AckType.RELEASE_UNDELIVERED, undelivered);
            } catch (JMSException e) {
                if (!connection.isClosed() && first == null) {
                    first = e;
                }
            }
            dispatcher.shutdown();
            if (first != null && !isConnectionFailed()) {
                throw first;
            }
        }
    }

    private boolean isConnectionFailed() {
        try {
            connection.checkUsable();
            return false;
        } catch (JMSException e) {
            return true;
        }
    }

    /** Waits for incomplete asynchronous sends of {@code producer} (all if null) to be reported. */
    void awaitAsyncSends(Object producer) throws JMSException {
        try {
            if (!asyncSends.awaitReported(producer, connection.settings().sendTimeoutMs())) {
                log.warn(
                        "asynchronous sends of {} were not acknowledged within {} ms",
                        this,
                        connection.settings().sendTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("interrupted while waiting for asynchronous sends to complete");
        }
    }

    /** Waits until a listener or CompletionListener in progress has returned (no-op on the dispatcher). */
    void awaitCallbacksIdle() {
        try {
            if (!dispatcher.awaitIdle(Long.MAX_VALUE / 2)) {
                log.warn("a listener of {} did not return", this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void onConnectionStarted() {
        for (SluiceMessageConsumer c : consumers) {
            c.onConnectionStarted();
        }
    }

    void onConnectionFailed(JMSException cause) {
        for (SluiceMessageConsumer c : consumers) {
            c.onConnectionFailed(cause);
        }
    }

    /**
     * @throws jakarta.jms.IllegalStateException if the session or its connection is closed
     */
    void checkUsable() throws JMSException {
        if (closing) {
            throw JmsExceptions.illegalState("the session is closed");
        }
        connection.checkUsable();
    }

    boolean isClosed() {
        return closing;
    }

    boolean isDispatcherThread() {
        return dispatcher.isCurrentThread();
    }

    SluiceConnection connection() {
        return connection;
    }

    SessionDispatcher dispatcher() {
        return dispatcher;
    }

    SessionAcks acks() {
        return acks;
    }

    /** The open transaction; null unless the session is transacted. */
    SessionTransaction transaction() {
        return transaction;
    }

    AsyncSends asyncSends() {
        return asyncSends;
    }

    int partitionSeed() {
        return partitionSeed;
    }

    @Override
    public String toString() {
        return "SluiceSession(" + connection + ", mode " + acknowledgeMode + ")";
    }
}
