package io.sluice.jms;

import io.sluice.protocol.api.AckType;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a session owes the broker for the messages it handed to the application.
 *
 * <ul>
 *   <li>AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: each consumed message is accepted; the ACCEPTs are
 *       sent one-way, several together: when {@code batchSize} have gathered, when the consumer has
 *       nothing more buffered, {@value #LINGER_MS} ms after the first of them at the latest (so an
 *       application that pauses never holds acknowledgements back), and before recover, consumer
 *       close and session close. DUPS_OK gathers larger batches.
 *   <li>CLIENT_ACKNOWLEDGE: consumed messages are remembered until {@code acknowledge()}, which
 *       accepts all of them with one ACK sent as a request (answered once durable), or until
 *       recover or close, which release them (redelivered, counted).
 * </ul>
 *
 * Delivery ids belong to the connection, so messages of consumers closed since are settled too.
 *
 * <p>Thread-safe; guarded by its own monitor (ACKs are sent outside it).
 */
final class SessionAcks {
    /** The longest an automatic acknowledgement waits for others to share its ACK. */
    static final long LINGER_MS = 50;

    /** One daemon timer for every session of the JVM; its tasks only send what gathered. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-jms-ack-timer");
        t.setDaemon(true);
        return t;
    });

    private final SluiceConnection connection;
    private final int mode;
    private final int batchSize;
    private final DeliveryIds unacknowledged = new DeliveryIds();
    private final DeliveryIds pendingAccepts = new DeliveryIds();
    private boolean closed;
    /** Guarded by this: a timed flush is queued for the gathered ACCEPTs. */
    private boolean flushScheduled;

    SessionAcks(SluiceConnection connection, int mode) {
        this.connection = connection;
        this.mode = mode;
        int batch = connection.settings().ackBatchSize();
        this.batchSize = mode == Session.DUPS_OK_ACKNOWLEDGE
                ? Math.max(batch, connection.settings().prefetch() / 2)
                : batch;
    }

    boolean isClientAcknowledge() {
        return mode == Session.CLIENT_ACKNOWLEDGE;
    }

    /** A message was handed to the application (CLIENT_ACKNOWLEDGE). */
    synchronized void consumed(long deliveryId) {
        unacknowledged.add(deliveryId);
    }

    /**
     * A message was consumed in an automatic mode; {@code idle}: its consumer has nothing more
     * buffered, so the acknowledgements go now.
     */
    void accepted(long deliveryId, boolean idle) {
        DeliveryIds toSend = null;
        boolean schedule = false;
        synchronized (this) {
            pendingAccepts.add(deliveryId);
            if (closed || idle || pendingAccepts.size() >= batchSize) {
                toSend = pendingAccepts.takeAll();
            } else if (!flushScheduled) {
                flushScheduled = true;
                schedule = true;
            }
        }
        if (toSend != null) {
            connection.channel().settleOneWay(AckType.ACCEPT, toSend);
        }
        if (schedule) {
            TIMER.schedule(this::timedFlush, LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void timedFlush() {
        synchronized (this) {
            flushScheduled = false;
        }
        flush();
    }

    /** Sends the gathered ACCEPTs now. */
    void flush() {
        DeliveryIds toSend;
        synchronized (this) {
            if (pendingAccepts.isEmpty()) {
                return;
            }
            toSend = pendingAccepts.takeAll();
        }
        connection.channel().settleOneWay(AckType.ACCEPT, toSend);
    }

    /**
     * CLIENT_ACKNOWLEDGE: accepts every message consumed so far and waits for the broker's durable
     * answer. On failure the messages stay unacknowledged.
     */
    void acknowledgeAll() throws JMSException {
        DeliveryIds toSend;
        synchronized (this) {
            if (unacknowledged.isEmpty()) {
                return;
            }
            toSend = unacknowledged.takeAll();
        }
        try {
            connection.channel().settle(AckType.ACCEPT, toSend);
        } catch (JMSException e) {
            synchronized (this) {
                unacknowledged.addAll(toSend);
            }
            throw e;
        }
    }

    /** Removes and returns the consumed, unacknowledged messages (to release them). */
    synchronized DeliveryIds takeUnacknowledged() {
        return unacknowledged.takeAll();
    }

    /** After close, automatic acknowledgements (of a listener still returning) go out at once. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        flush();
    }
}
