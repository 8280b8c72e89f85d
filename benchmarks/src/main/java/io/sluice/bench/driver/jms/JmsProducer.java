package io.sluice.bench.driver.jms;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.SendCallback;
import io.sluice.bench.workload.DeliveryMode;
import io.sluice.bench.workload.SendMode;
import io.sluice.bench.workload.Workload;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * One JMS producer: sends each body as a {@link BytesMessage} with the workload's delivery mode,
 * synchronously or with a {@link CompletionListener}; in a transacted workload it commits every
 * {@code transactionSize} sends and counts a send complete when its transaction commits.
 *
 * <p>Not thread-safe; confined to its runner thread (completion callbacks only call the {@link
 * SendCallback}, never the session).
 */
final class JmsProducer implements BenchProducer {
    private final Session session;
    private final MessageProducer producer;
    private final boolean async;
    private final boolean transacted;
    private final int transactionSize;
    private final SendCallback[] pending;
    private final int groups;
    private int uncommitted;
    private long sent;

    JmsProducer(Session session, MessageProducer producer, Workload workload) throws JMSException {
        this.session = session;
        this.producer = producer;
        this.async = workload.sendMode() == SendMode.ASYNC;
        this.transacted = session.getTransacted();
        this.transactionSize = workload.transactionSize();
        this.pending = new SendCallback[Math.max(1, transactionSize)];
        this.groups = MessageGroups.groups(workload);
        producer.setDeliveryMode(
                workload.deliveryMode() == DeliveryMode.PERSISTENT
                        ? jakarta.jms.DeliveryMode.PERSISTENT
                        : jakarta.jms.DeliveryMode.NON_PERSISTENT);
    }

    @Override
    public void send(byte[] body, SendCallback callback) {
        try {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            if (groups > 0) {
                message.setIntProperty(MessageGroups.PROPERTY, (int) (sent++ % groups));
            }
            if (transacted) {
                producer.send(message);
                pending[uncommitted++] = callback;
                if (uncommitted == transactionSize) {
                    commit();
                }
            } else if (async) {
                producer.send(message, new CompletionListener() {
                    @Override
                    public void onCompletion(Message m) {
                        callback.onComplete();
                    }

                    @Override
                    public void onException(Message m, Exception e) {
                        callback.onFailure(e);
                    }
                });
            } else {
                producer.send(message);
                callback.onComplete();
            }
        } catch (JMSException | RuntimeException e) {
            if (transacted) {
                failPending(e, callback);
            } else {
                callback.onFailure(e);
            }
        }
    }

    private void commit() throws JMSException {
        session.commit();
        for (int i = 0; i < uncommitted; i++) {
            pending[i].onComplete();
            pending[i] = null;
        }
        uncommitted = 0;
    }

    private void failPending(Exception e, SendCallback current) {
        boolean currentPending = false;
        for (int i = 0; i < uncommitted; i++) {
            currentPending |= pending[i] == current;
            pending[i].onFailure(e);
            pending[i] = null;
        }
        uncommitted = 0;
        if (current != null && !currentPending) {
            current.onFailure(e);
        }
    }

    /** Commits the last partial transaction, if any. */
    @Override
    public void flush() {
        if (transacted && uncommitted > 0) {
            try {
                commit();
            } catch (JMSException | RuntimeException e) {
                failPending(e, null);
            }
        }
    }

    /** Flushes; the connection itself is closed by {@link JmsClients}. */
    @Override
    public void close() {
        flush();
    }
}
