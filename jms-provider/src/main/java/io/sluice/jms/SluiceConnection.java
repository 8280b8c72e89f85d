package io.sluice.jms;

import io.sluice.client.ClientConfig;
import io.sluice.client.ConnectionListener;
import io.sluice.client.ProducerConfig;
import io.sluice.client.RecordProducer;
import io.sluice.client.SluiceClient;
import io.sluice.client.SluiceClientException;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.destination.SluiceTemporaryDestination;
import io.sluice.jms.destination.SluiceTemporaryQueue;
import io.sluice.jms.destination.SluiceTemporaryTopic;
import io.sluice.jms.destination.TemporaryDestinationOwner;
import io.sluice.jms.message.MessageCodec;
import io.sluice.jms.message.MessageIdGenerator;
import io.sluice.jms.message.ObjectMessageAllowList;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.DeleteTemporaryRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS connection: one TCP connection at a time to a broker (a {@link SluiceClient}) and the
 * sessions made on it. It owns what the broker ties to a connection: the client id, the delivery
 * ids of every message pushed to its consumers (a session may settle messages of a consumer it has
 * closed), its temporary destinations, and one idempotent producer shared by all its sessions (so
 * noLocal can recognise its messages).
 *
 * <p>Life: created stopped; {@link #start()} lets consumers deliver; {@link #stop()} pauses delivery
 * and waits for running listeners; {@link #close()} closes every session (waiting for listeners and
 * asynchronous sends), deletes nothing the broker would not delete itself (temporary destinations
 * go with the connection), and is idempotent. A lost TCP connection is re-established by the client
 * and {@link ConnectionRecovery} (unless {@code reconnectMaxAttempts=0}); when that gives up, or
 * reconnection is off, the connection fails: the {@link ExceptionListener} hears it, blocked
 * receives throw, and every further call throws {@link jakarta.jms.IllegalStateException}.
 *
 * <p>Thread-safe, as the specification requires of connections.
 */
public final class SluiceConnection implements Connection, QueueConnection, TopicConnection, TemporaryDestinationOwner {
    private static final Logger log = LoggerFactory.getLogger(SluiceConnection.class);
    private static final AtomicInteger CONNECTION_NUMBER = new AtomicInteger();

    private final ConnectionSettings settings;
    private final SluiceClient client;
    private final BrokerChannel channel;
    private final MessageCodec codec;
    private final MessageIdGenerator messageIds = new MessageIdGenerator();
    private final DestinationCache destinations = new DestinationCache(this);
    private final DeliveryRouter router;
    private final MessageSender sender;
    private final List<SluiceSession> sessions = new CopyOnWriteArrayList<>();
    /** The temporary destinations this connection created and has not deleted (re-created after a reconnect). */
    private final Set<SluiceDestination> temporaries = ConcurrentHashMap.newKeySet();

    private final AtomicInteger consumerIds = new AtomicInteger();
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    private final int number = CONNECTION_NUMBER.incrementAndGet();
    private final boolean clientIdAdministered;
    private final Object lock = new Object();
    private final Object closeLock = new Object();

    // Guarded by lock.
    private String clientId;
    private boolean clientIdFixed;
    private RecordProducer producer;

    /** Volatile: read by every consumer before it delivers. */
    private volatile boolean started;
    /** Volatile: checked by every call. */
    private volatile boolean closed;
    /** Volatile: set once when the TCP connection is lost. */
    private volatile JMSException failure;
    /** Volatile: set by the application, read when the connection fails. */
    private volatile ExceptionListener exceptionListener;

    /** Null when reconnection is off. */
    private final ConnectionRecovery recovery;

    private SluiceConnection(ConnectionSettings settings, SluiceClient client) {
        this.settings = settings;
        this.client = client;
        this.recovery =
                settings.isReconnectEnabled() ? new ConnectionRecovery(this, settings, Clock.systemUTC()) : null;
        this.channel = new BrokerChannel(client, this::isClosed, recovery);
        String allowList = settings.objectMessageAllowList();
        this.codec = new MessageCodec(allowList == null ? null : ObjectMessageAllowList.parse(allowList));
        this.clientId = settings.clientId();
        this.clientIdAdministered = settings.clientId() != null;
        this.clientIdFixed = clientIdAdministered;
        this.sender = new MessageSender(this);
        this.router = new DeliveryRouter(
                orphans -> {
                    DeliveryIds ids = new DeliveryIds();
                    orphans.forEach(d -> ids.add(d.deliveryId()));
                    channel.settleOneWay(AckType.RELEASE_UNDELIVERED, ids);
                },
                recovery == null ? null : recovery.screen());
    }

    /**
     * Connects to the broker and handshakes (with the administered client id, if any).
     *
     * @throws jakarta.jms.JMSSecurityException if the credentials are refused
     * @throws jakarta.jms.InvalidClientIDException if the administered client id is invalid or in use
     * @throws JMSException if the broker cannot be reached
     */
    static SluiceConnection open(ConnectionSettings settings) throws JMSException {
        ClientConfig config = ClientConfig.builder()
                .host(settings.host())
                .port(settings.port())
                .username(settings.user())
                .password(settings.password())
                .clientId(settings.clientId())
                .clientSoftware("sluice-jms/" + SluiceConnectionMetaData.PROVIDER_VERSION)
                .connectTimeoutMs(settings.connectTimeoutMs())
                .requestTimeoutMs(settings.requestTimeoutMs())
                .heartbeatIntervalMs(settings.heartbeatIntervalMs())
                .reconnectMaxAttempts(settings.reconnectMaxAttempts())
                .reconnectBackoffMs(settings.reconnectBackoffMs())
                .reconnectBackoffMaxMs(settings.reconnectBackoffMaxMs())
                .reconnectTimeoutMs(settings.reconnectTimeoutMs())
                .build();
        SluiceClient client;
        try {
            client = SluiceClient.connect(config);
        } catch (SluiceClientException e) {
            throw JmsExceptions.from("connecting to " + settings.host() + ":" + settings.port(), e);
        }
        SluiceConnection connection = new SluiceConnection(settings, client);
        connection.router.attach(client);
        if (connection.recovery != null) {
            client.addConnectionListener(connection.recovery);
        } else {
            client.addConnectionListener(new ConnectionListener() {
                @Override
                public void onConnectionLost(SluiceClientException cause) {
                    connection.failed(JmsExceptions.forCode(
                            ErrorCode.CONNECTION_LOST,
                            "the connection to " + settings.host() + ":" + settings.port() + " was lost: "
                                    + cause.getMessage(),
                            cause));
                }
            });
        }
        return connection;
    }

    // ---- sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SluiceSession.Domain.GENERIC);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SluiceSession.Domain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SluiceSession.Domain.TOPIC);
    }

    SluiceSession createSession(boolean transacted, int acknowledgeMode, SluiceSession.Domain domain)
            throws JMSException {
        checkUsable();
        if (transacted) {
            acknowledgeMode = Session.SESSION_TRANSACTED;
        }
        if (acknowledgeMode != Session.SESSION_TRANSACTED
                && acknowledgeMode != Session.AUTO_ACKNOWLEDGE
                && acknowledgeMode != Session.CLIENT_ACKNOWLEDGE
                && acknowledgeMode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("acknowledge mode " + acknowledgeMode
                    + " is none of SESSION_TRANSACTED (0), AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2),"
                    + " DUPS_OK_ACKNOWLEDGE (3)");
        }
        fixClientId();
        SluiceSession session = new SluiceSession(
                this, acknowledgeMode, domain, "sluice-session-" + number + "-" + sessionNumbers.incrementAndGet());
        sessions.add(session);
        if (closed) {
            sessions.remove(session);
            throw JmsExceptions.illegalState("the connection is closed");
        }
        return session;
    }

    void removeSession(SluiceSession session) {
        sessions.remove(session);
    }

    // ---- client id

    @Override
    public String getClientID() throws JMSException {
        checkUsable();
        synchronized (lock) {
            return clientId;
        }
    }

    /**
     * Sets the client id, which must happen before anything else is done with the connection.
     *
     * @throws jakarta.jms.IllegalStateException if it was set before, administered in the factory,
     *     or the connection has been used
     * @throws jakarta.jms.InvalidClientIDException if it is empty, invalid, or held by another live
     *     connection
     */
    @Override
    public void setClientID(String id) throws JMSException {
        checkUsable();
        synchronized (lock) {
            if (clientIdAdministered) {
                throw JmsExceptions.illegalState("the client id '" + clientId
                        + "' was configured in the connection factory and cannot be changed");
            }
            if (clientIdFixed) {
                throw JmsExceptions.illegalState(
                        clientId != null
                                ? "the client id is already set to '" + clientId + "'"
                                : "the client id must be set before the connection is used (sessions, start, stop)");
            }
            if (id == null || id.isEmpty()) {
                throw new jakarta.jms.InvalidClientIDException("the client id must not be null or empty");
            }
            channel.call(
                    "setting client id '" + id + "'", ApiKey.SET_CLIENT_ID, new SetClientIdRequest(id), Empty::read);
            clientId = id;
            clientIdFixed = true;
            if (recovery != null) {
                recovery.clientIdSet(id);
            }
        }
    }

    /** From now on the client id can no longer be set (the connection has been used). */
    void fixClientId() {
        synchronized (lock) {
            clientIdFixed = true;
        }
    }

    // ---- metadata and exception listener

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkUsable();
        return new SluiceConnectionMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkUsable();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkUsable();
        this.exceptionListener = listener;
    }

    // ---- start, stop, close

    @Override
    public void start() throws JMSException {
        checkUsable();
        fixClientId();
        started = true;
        for (SluiceSession s : sessions) {
            s.onConnectionStarted();
        }
    }

    /**
     * Pauses delivery and waits until running message listeners have returned. A CompletionListener
     * may stop its connection (the specification forbids it only to MessageListeners); its own
     * session then runs no listener, so only the other sessions are waited for.
     *
     * @throws jakarta.jms.IllegalStateException if called from a MessageListener of this connection
     */
    @Override
    public void stop() throws JMSException {
        checkUsable();
        if (isCallbackThread() && AsyncSends.currentCallbackSession() == null) {
            throw JmsExceptions.illegalState(
                    "stop() was called from a MessageListener of this connection, which would wait for itself");
        }
        fixClientId();
        started = false;
        for (SluiceSession s : sessions) {
            s.awaitCallbacksIdle();
        }
    }

    /**
     * Closes every session (waiting for running listeners and incomplete asynchronous sends) and the
     * TCP connection. Idempotent.
     *
     * @throws jakarta.jms.IllegalStateException if called from a listener of this connection
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (isCallbackThread()) {
            throw JmsExceptions.illegalState(
                    "close() was called from a MessageListener or CompletionListener of this connection, which would"
                            + " wait for itself");
        }
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            if (recovery != null && !isConnectedNow()) {
                // Nothing to settle or close at a broker that is not there; do not wait for it.
                recovery.closing();
            }
            started = false;
            JMSException first = null;
            for (SluiceSession s : sessions) {
                try {
                    s.closeWithConnection();
                } catch (JMSException e) {
                    first = first == null ? e : first;
                }
            }
            RecordProducer p;
            synchronized (lock) {
                p = producer;
            }
            if (p != null) {
                p.close(Duration.ofMillis(settings.sendTimeoutMs()));
            }
            closed = true;
            if (recovery != null) {
                recovery.closing();
            }
            client.close();
            if (first != null && failure == null) {
                throw first;
            }
        }
    }

    /** Whether the calling thread runs a MessageListener or CompletionListener of this connection. */
    boolean isCallbackThread() {
        for (SluiceSession s : sessions) {
            if (s.isDispatcherThread()) {
                return true;
            }
        }
        return false;
    }

    boolean isStarted() {
        return started;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * @throws jakarta.jms.IllegalStateException if the connection is closed or failed
     */
    void checkUsable() throws JMSException {
        if (closed) {
            throw JmsExceptions.illegalState("the connection is closed");
        }
        JMSException f = failure;
        if (f != null) {
            throw JmsExceptions.linked(JmsExceptions.illegalState("the connection failed: " + f.getMessage()), f);
        }
    }

    private boolean isConnectedNow() {
        return client.state() == io.sluice.client.ConnectionState.READY;
    }

    /**
     * The connection is lost for good (reconnection off, or given up): the ExceptionListener hears
     * {@code e}, blocked receives throw it, and every further call throws IllegalStateException.
     */
    void failed(JMSException e) {
        failure = e;
        started = false;
        for (SluiceSession s : sessions) {
            s.onConnectionFailed(e);
        }
        notifyExceptionListener(e);
    }

    /** Tells the ExceptionListener (on a thread of its own), or logs {@code e} without one. */
    void notifyExceptionListener(JMSException e) {
        ExceptionListener listener = exceptionListener;
        if (listener != null && !closed) {
            Thread t = new Thread(
                    () -> {
                        try {
                            listener.onException(e);
                        } catch (RuntimeException thrown) {
                            log.warn("the ExceptionListener of {} threw", this, thrown);
                        }
                    },
                    "sluice-connection-" + number + "-exception");
            t.setDaemon(true);
            t.start();
        } else if (!closed) {
            log.warn("{}", e.getMessage());
        }
    }

    /** Reports a failure nobody waits for (a NON_PERSISTENT send that did not block). */
    void reportAsyncFailure(JMSException e) {
        log.warn("{}", e.getMessage());
        ExceptionListener listener = exceptionListener;
        if (listener != null) {
            try {
                listener.onException(e);
            } catch (RuntimeException thrown) {
                log.warn("the ExceptionListener threw", thrown);
            }
        }
    }

    // ---- connection consumers (application-server facilities, not supported)

    @Override
    public ConnectionConsumer createConnectionConsumer(
            Destination destination, String messageSelector, ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(
            Topic topic,
            String subscriptionName,
            String messageSelector,
            ServerSessionPool sessionPool,
            int maxMessages)
            throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(
            Topic topic,
            String subscriptionName,
            String messageSelector,
            ServerSessionPool sessionPool,
            int maxMessages)
            throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(
            Topic topic,
            String subscriptionName,
            String messageSelector,
            ServerSessionPool sessionPool,
            int maxMessages)
            throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(
            Queue queue, String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(
            Topic topic, String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw connectionConsumersUnsupported();
    }

    private JMSException connectionConsumersUnsupported() throws JMSException {
        checkUsable();
        return new JMSException(
                "connection consumers (ServerSessionPool, an optional application-server facility) are not supported",
                ErrorCode.UNSUPPORTED_API.name());
    }

    // ---- temporary destinations

    SluiceDestination createTemporary(DestinationKind kind) throws JMSException {
        checkUsable();
        CreateTemporaryResponse answer = channel.call(
                "creating a temporary " + (kind == DestinationKind.TEMPORARY_QUEUE ? "queue" : "topic"),
                ApiKey.CREATE_TEMPORARY,
                new CreateTemporaryRequest(kind),
                CreateTemporaryResponse::read);
        SluiceDestination created = kind == DestinationKind.TEMPORARY_QUEUE
                ? new SluiceTemporaryQueue(answer.name(), this)
                : new SluiceTemporaryTopic(answer.name(), this);
        temporaries.add(created);
        return created;
    }

    /**
     * Deletes a temporary destination of this connection.
     *
     * @throws jakarta.jms.IllegalStateException if the connection is closed or the destination still
     *     has consumers
     * @throws jakarta.jms.InvalidDestinationException if it no longer exists
     */
    @Override
    public void deleteTemporaryDestination(SluiceTemporaryDestination destination) throws JMSException {
        checkUsable();
        SluiceDestination d = destination.asDestination();
        for (SluiceSession s : sessions) {
            if (s.hasConsumerOn(d)) {
                throw JmsExceptions.illegalState("cannot delete " + d + ": this connection still has consumers on it");
            }
        }
        channel.call("deleting " + d, ApiKey.DELETE_TEMPORARY, new DeleteTemporaryRequest(d.name()), Empty::read);
        temporaries.remove(d);
        destinations.forget(d);
    }

    // ---- plumbing for sessions, consumers and producers

    /** The connection's idempotent producer, created on first use. */
    RecordProducer producer() throws JMSException {
        synchronized (lock) {
            if (producer == null) {
                checkUsable();
                try {
                    // Across a reconnect a record waits for the next connection rather than failing.
                    int outageMs = recovery == null ? 0 : settings.reconnectTimeoutMs();
                    producer = client.createProducer(ProducerConfig.builder()
                            .lingerMs(settings.lingerMs())
                            .deliveryTimeoutMs(
                                    (int) Math.min(Integer.MAX_VALUE, (long) settings.sendTimeoutMs() + outageMs))
                            .maxBlockMs(settings.sendTimeoutMs())
                            .build());
                } catch (SluiceClientException e) {
                    throw JmsExceptions.from("creating the connection's producer", e);
                }
            }
            return producer;
        }
    }

    int nextConsumerId() {
        return consumerIds.incrementAndGet();
    }

    ConnectionSettings settings() {
        return settings;
    }

    MessageCodec codec() {
        return codec;
    }

    MessageIdGenerator messageIds() {
        return messageIds;
    }

    DestinationCache destinations() {
        return destinations;
    }

    DeliveryRouter router() {
        return router;
    }

    BrokerChannel channel() {
        return channel;
    }

    MessageSender sender() {
        return sender;
    }

    int number() {
        return number;
    }

    List<SluiceSession> sessions() {
        return sessions;
    }

    /** The temporary destinations created here and not deleted. */
    Set<SluiceDestination> temporaries() {
        return temporaries;
    }

    /**
     * Whether {@code d} came on a connection that has been lost since: it is not handed over (the
     * broker released it with that connection and pushes it again), and forgotten.
     */
    boolean discardIfStale(Delivery d) {
        if (recovery == null || Delivery.epochOf(d.deliveryId()) == client.connectionEpoch()) {
            return false;
        }
        DeliveryIds ids = new DeliveryIds();
        ids.add(d.deliveryId());
        recovery.identities().settled(ids);
        return true;
    }

    /** Null when reconnection is off. */
    ConnectionRecovery recovery() {
        return recovery;
    }

    @Override
    public String toString() {
        return "SluiceConnection(" + number + ", " + settings + (clientId == null ? "" : ", clientId=" + clientId)
                + ")";
    }
}
