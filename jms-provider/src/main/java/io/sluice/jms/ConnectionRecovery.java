package io.sluice.jms;

import io.sluice.client.ConnectionInfo;
import io.sluice.client.ConnectionListener;
import io.sluice.client.ConnectionState;
import io.sluice.client.SluiceClient;
import io.sluice.client.SluiceClientException;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.error.ErrorCode;
import jakarta.jms.JMSException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a JMS connection across the loss of its TCP connection. The client reconnects by itself
 * (with backoff, within {@code reconnectMaxAttempts} and {@code reconnectTimeoutMs}) and its
 * idempotent producer re-sends unacknowledged batches; this class re-establishes what the broker
 * tied to the old connection:
 *
 * <ol>
 *   <li>on the loss: every consumer's buffered messages (never handed to the application) are
 *       discarded - the broker released them and pushes them again, flagged redelivered - and every
 *       session's gathered automatic acknowledgements are settled (they become remembered
 *       acceptances, see {@link DeliveryIdentities});
 *   <li>once reconnected, on a thread of its own: the client id set with {@code setClientID} is
 *       set again, the temporary destinations of the connection (which the broker deleted with the
 *       old connection, messages and all) are created again under their names, and every open consumer is created again with the same id (durable and shared
 *       subscriptions reattach by name; a non-durable topic subscriber gets a new subscription that
 *       starts at the end of the topic). The broker may still hold the old connection (a silent
 *       network failure it has not noticed yet); then the client id and unshared durable
 *       subscriptions are retried until it lets go, within the reconnect timeout;
 *   <li>then the connection is ready: requests that waited ({@link #awaitReady}) go out.
 * </ol>
 *
 * Pushed messages pass {@link AcknowledgedCopies} first: their identities are recorded, and a copy of
 * a message whose acknowledgement may not have reached the broker is accepted without being handed
 * over.
 *
 * <p>The ExceptionListener hears a loss only when reconnection gives up (or on every loss with
 * {@code exceptionListenerOnLoss}).
 *
 * <p>Thread-safe: readiness is guarded by {@link #lock}; listener callbacks run one at a time on the
 * client's callback thread; re-establishment runs on its own thread.
 */
final class ConnectionRecovery implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRecovery.class);
    private static final long RETRY_PAUSE_MS = 200;
    private static final Set<ErrorCode> HELD_BY_OLD_CONNECTION = Set.of(
            ErrorCode.INVALID_CLIENT_ID, ErrorCode.SUBSCRIPTION_IN_USE, ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);

    private final SluiceConnection connection;
    private final ConnectionSettings settings;
    private final DeliveryIdentities identities;
    private final AcknowledgedCopies screen;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Guarded by lock: the connection epoch whose state has been re-established. */
    private long readyEpoch;
    /** Guarded by lock: set once when reconnection gave up. */
    private JMSException failure;
    /** Volatile: set once when the connection closes; waits end. */
    private volatile boolean closing;
    /** Volatile: when the last loss was noticed (nanoTime), 0 before any. */
    private volatile long lossNanos;
    /** Volatile: how long the last outage lasted, loss to ready (ms); -1 before any. */
    private volatile long lastOutageMs = -1;
    /** Volatile: a client id set with setClientID, to be set again on every new connection. */
    private volatile String clientIdToRestore;

    ConnectionRecovery(SluiceConnection connection, ConnectionSettings settings, Clock clock) {
        this.connection = connection;
        this.settings = settings;
        this.identities = new DeliveryIdentities(clock);
        this.screen = new AcknowledgedCopies(connection, identities);
    }

    DeliveryIdentities identities() {
        return identities;
    }

    private SluiceClient client() {
        return connection.channel().client();
    }

    void clientIdSet(String clientId) {
        clientIdToRestore = clientId;
    }

    long lastOutageMs() {
        return lastOutageMs;
    }

    boolean hasFailed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection was lost after {@code sinceNanos} (or is lost now). */
    boolean wasInterruptedSince(long sinceNanos) {
        long loss = lossNanos;
        return (loss != 0 && loss - sinceNanos > 0) || client().state() != ConnectionState.READY;
    }

    /**
     * Waits until the connection is up and its state re-established, at most the reconnect timeout.
     *
     * @return the connection epoch to send on
     * @throws JMSException CONNECTION_LOST if reconnection gave up or did not finish in time;
     *     IllegalStateException if the connection closed meanwhile
     */
    long awaitReady(String what) throws JMSException {
        SluiceClient client = client();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.reconnectTimeoutMs());
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    throw JmsExceptions.linked(
                            JmsExceptions.forCode(
                                    ErrorCode.CONNECTION_LOST, what + ": " + failure.getMessage(), failure),
                            failure);
                }
                long epoch = client.connectionEpoch();
                if (epoch == readyEpoch && client.state() == ConnectionState.READY) {
                    return epoch;
                }
                if (closing) {
                    throw JmsExceptions.illegalState(what + ": the connection was closed while reconnecting");
                }
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    throw JmsExceptions.forCode(
                            ErrorCode.CONNECTION_LOST,
                            what + ": the connection to " + settings.host() + ":" + settings.port()
                                    + " was not re-established within " + settings.reconnectTimeoutMs()
                                    + " ms (reconnectTimeoutMs)",
                            null);
                }
                // The client's state changes without telling us: look again now and then.
                changed.awaitNanos(Math.min(leftNanos, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException(what + " was interrupted while waiting for the connection");
        } finally {
            lock.unlock();
        }
    }

    // ---- the client's connection events (its callback thread)

    @Override
    public void onConnectionLost(SluiceClientException cause) {
        if (closing) {
            return;
        }
        lossNanos = System.nanoTime();
        int discarded = 0;
        for (SluiceMessageConsumer c : connection.router().registered()) {
            DeliveryIds dropped = new DeliveryIds();
            c.detach().forEach(d -> dropped.add(d.deliveryId()));
            identities.settled(dropped);
            discarded += dropped.size();
        }
        for (SluiceSession s : connection.sessions()) {
            s.acks().flush();
        }
        log.warn(
                "lost the connection to {}:{} ({}); reconnecting, {} buffered messages discarded (they come back"
                        + " redelivered)",
                settings.host(),
                settings.port(),
                cause.getMessage(),
                discarded);
        if (settings.exceptionListenerOnLoss()) {
            connection.notifyExceptionListener(JmsExceptions.forCode(
                    ErrorCode.CONNECTION_LOST,
                    "the connection to " + settings.host() + ":" + settings.port() + " was lost (" + cause.getMessage()
                            + "); reconnecting",
                    cause));
        }
    }

    @Override
    public void onReconnected(ConnectionInfo info) {
        long epoch = client().connectionEpoch();
        Thread t = new Thread(() -> recover(epoch), "sluice-connection-" + connection.number() + "-recovery");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void onReconnectFailed(SluiceClientException cause) {
        giveUp(JmsExceptions.forCode(
                ErrorCode.CONNECTION_LOST,
                "the connection to " + settings.host() + ":" + settings.port() + " was lost and could not be"
                        + " re-established: " + cause.getMessage(),
                cause));
    }

    private void giveUp(JMSException e) {
        lock.lock();
        try {
            if (failure != null || closing) {
                return;
            }
            failure = e;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        connection.failed(e);
    }

    /** The connection is closing: waits end, and nothing is re-established any more. */
    void closing() {
        closing = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- re-establishing (its own thread)

    private void recover(long epoch) {
        long deadline = lossNanos + TimeUnit.MILLISECONDS.toNanos(settings.reconnectTimeoutMs());
        try {
            restoreClientId(epoch, deadline);
            for (SluiceDestination t : connection.temporaries()) {
                recreateTemporary(t, epoch, deadline);
            }
            // Registered consumers include one whose creation is still under way in another thread.
            List<SluiceMessageConsumer> consumers = connection.router().registered();
            for (SluiceMessageConsumer c : consumers) {
                reattach(c, epoch, deadline);
            }
            long outageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lossNanos);
            lock.lock();
            try {
                if (client().connectionEpoch() != epoch || closing) {
                    return;
                }
                readyEpoch = epoch;
                lastOutageMs = outageMs;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            log.info(
                    "reconnected to {}:{}: {} consumers re-created, {} ms after the loss",
                    settings.host(),
                    settings.port(),
                    consumers.size(),
                    outageMs);
            if (connection.isStarted()) {
                consumers.forEach(SluiceMessageConsumer::onConnectionStarted);
            }
        } catch (JMSException e) {
            if (ErrorCode.CONNECTION_LOST.name().equals(e.getErrorCode()) && System.nanoTime() - deadline < 0) {
                log.debug("the connection dropped again while it was re-established: {}", e.getMessage());
                return; // the next onReconnected starts over
            }
            giveUp(e);
            client().close();
        } catch (RuntimeException e) {
            log.error("re-establishing the connection to {}:{} failed", settings.host(), settings.port(), e);
            giveUp(JmsExceptions.linked(new JMSException("re-establishing the connection failed: " + e), e));
            client().close();
        }
    }

    private void restoreClientId(long epoch, long deadline) throws JMSException {
        String id = clientIdToRestore;
        if (id == null) {
            return;
        }
        whileHeldByOldConnection(
                "setting client id '" + id + "' again",
                deadline,
                () -> await(
                        "setting client id '" + id + "' again",
                        client().request(
                                        ApiKey.SET_CLIENT_ID,
                                        new SetClientIdRequest(id),
                                        Empty::read,
                                        settings.requestTimeoutMs(),
                                        epoch)));
    }

    /** The broker deleted the temporary destination with the old connection: the same name again, empty. */
    private void recreateTemporary(SluiceDestination t, long epoch, long deadline) throws JMSException {
        String what = "re-creating " + t;
        try {
            whileHeldByOldConnection(
                    what,
                    deadline,
                    () -> await(
                            what,
                            client().request(
                                            ApiKey.CREATE_TEMPORARY,
                                            new CreateTemporaryRequest(t.kind(), t.name()),
                                            CreateTemporaryResponse::read,
                                            settings.requestTimeoutMs(),
                                            epoch)));
        } catch (JMSException e) {
            if (ErrorCode.CONNECTION_LOST.name().equals(e.getErrorCode())) {
                throw e;
            }
            log.warn("{} could not be re-created after the reconnect: {}", t, e.getMessage());
        }
    }

    private void reattach(SluiceMessageConsumer c, long epoch, long deadline) throws JMSException {
        if (c.isClosed() || c.attachedEpoch() == epoch) {
            return;
        }
        try {
            whileHeldByOldConnection("re-creating " + c, deadline, () -> c.reattach(epoch));
        } catch (JMSException e) {
            if (ErrorCode.CONNECTION_LOST.name().equals(e.getErrorCode())) {
                throw e;
            }
            log.warn("{} could not be re-created after the reconnect: {}", c, e.getMessage());
            c.onConnectionFailed(e);
            return;
        }
        if (c.isClosed()) {
            // Closed while it was re-created: its close could not reach this connection.
            try {
                await(
                        "closing " + c,
                        client().request(
                                        ApiKey.CLOSE_CONSUMER,
                                        new CloseConsumerRequest(c.id()),
                                        Empty::read,
                                        settings.requestTimeoutMs(),
                                        epoch));
            } catch (JMSException e) {
                log.debug("closing {} after re-creating it: {}", c, e.getMessage());
            }
        }
    }

    /** An attempt that the broker may refuse while it still holds the lost connection. */
    private interface Attempt {
        void run() throws JMSException;
    }

    private void whileHeldByOldConnection(String what, long deadline, Attempt attempt) throws JMSException {
        while (true) {
            try {
                attempt.run();
                return;
            } catch (JMSException e) {
                ErrorCode code = codeOf(e);
                if (code == null || !HELD_BY_OLD_CONNECTION.contains(code) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.debug("{}: {}; the broker may still hold the lost connection, retrying", what, e.getMessage());
                try {
                    Thread.sleep(RETRY_PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static ErrorCode codeOf(JMSException e) {
        try {
            return e.getErrorCode() == null ? null : ErrorCode.valueOf(e.getErrorCode());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    static <T> T await(String what, CompletableFuture<T> answer) throws JMSException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw JmsExceptions.from(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException(what + " was interrupted");
        }
    }

    /** What pushed messages pass before reaching their consumer. */
    DeliveryRouter.Screen screen() {
        return screen;
    }
}
