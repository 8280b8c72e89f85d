package io.sluice.jms;

import io.sluice.jms.message.SluiceMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;

/**
 * The simplified API's consumer over a {@link SluiceMessageConsumer}. {@code receiveBody} returns
 * the body of the next message; when it cannot be assigned to the asked type, in
 * AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE the message is not consumed (it stays first in line)
 * and {@link jakarta.jms.MessageFormatRuntimeException} is thrown; in CLIENT_ACKNOWLEDGE it counts as
 * received, as the specification says.
 *
 * <p>Used by one thread of control; {@code close} from any thread.
 */
public final class SluiceJMSConsumer implements JMSConsumer {
    private final SluiceMessageConsumer consumer;

    SluiceJMSConsumer(SluiceMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @FunctionalInterface
    private interface JmsCall<T> {
        T call() throws JMSException;
    }

    private static <T> T run(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    @Override
    public String getMessageSelector() {
        return run(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return run(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        run(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return run(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return run(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return run(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        run(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(-1, c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(timeout <= 0 ? -1 : timeout, c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(0, c);
    }

    private <T> T body(long timeoutMs, Class<T> c) {
        return run(() -> {
            SluiceMessage m = consumer.receive(timeoutMs, c);
            if (m == null) {
                return null;
            }
            if (!m.hasBody()) {
                // CLIENT_ACKNOWLEDGE: the message counts as received, as for a body of another type.
                throw new MessageFormatException(SluiceMessageConsumer.bodyProblem(m, c));
            }
            return m.getBody(c);
        });
    }
}
