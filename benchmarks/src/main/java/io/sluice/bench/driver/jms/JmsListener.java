package io.sluice.bench.driver.jms;

import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.workload.AckMode;
import io.sluice.bench.workload.Workload;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;

/**
 * One consumer's listener: hands each body to the sink, then acknowledges as the workload says -
 * {@code CLIENT}: {@code message.acknowledge()} for every message; {@code TRANSACTED}: commit every
 * {@code transactionSize} messages; {@code AUTO} and {@code DUPS_OK}: the session does it.
 *
 * <p>Not thread-safe; confined to its session's delivery thread, as JMS requires.
 */
final class JmsListener implements MessageListener {
    private final Session session;
    private final AckMode ackMode;
    private final int transactionSize;
    private final MessageSink sink;
    private int uncommitted;

    JmsListener(Session session, Workload workload, MessageSink sink) {
        this.session = session;
        this.ackMode = workload.ackMode();
        this.transactionSize = workload.transactionSize();
        this.sink = sink;
    }

    @Override
    public void onMessage(Message message) {
        try {
            sink.onMessage(message.getBody(byte[].class));
            switch (ackMode) {
                case CLIENT -> message.acknowledge();
                case TRANSACTED -> {
                    if (++uncommitted >= transactionSize) {
                        session.commit();
                        uncommitted = 0;
                    }
                }
                case AUTO, DUPS_OK -> {}
            }
        } catch (JMSException | RuntimeException e) {
            sink.onConsumerFailure(e);
        }
    }
}
