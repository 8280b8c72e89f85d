package io.sluice.bench.driver.jms;

import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.workload.AckMode;
import io.sluice.bench.workload.Workload;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

/**
 * One consumer's listener: hands each body to the sink, forwards it when the workload moves messages
 * ({@link Forwarding}), then acknowledges as the workload says -
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
    /** Where received bodies are sent on to, or null. */
    private final MessageProducer forward;

    private int uncommitted;

    JmsListener(Session session, Workload workload, MessageSink sink) {
        this(session, workload, sink, null);
    }

    JmsListener(Session session, Workload workload, MessageSink sink, MessageProducer forward) {
        this.session = session;
        this.forward = forward;
        this.ackMode = workload.ackMode();
        this.transactionSize = workload.transactionSize();
        this.sink = sink;
    }

    @Override
    public void onMessage(Message message) {
        try {
            byte[] body = message.getBody(byte[].class);
            if (forward != null) {
                BytesMessage out = session.createBytesMessage();
                out.writeBytes(body);
                forward.send(out);
            }
            sink.onMessage(body);
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
