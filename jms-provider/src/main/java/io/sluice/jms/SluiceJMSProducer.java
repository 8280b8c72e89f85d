package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.message.MessageProperties;
import io.sluice.jms.message.SluiceBytesMessage;
import io.sluice.jms.message.SluiceMapMessage;
import io.sluice.jms.message.SluiceObjectMessage;
import io.sluice.jms.message.SluiceTextMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: fluent settings (delivery mode, priority, time to live, delivery
 * delay, message id and timestamp switches, CompletionListener), message properties and the
 * JMSCorrelationID, JMSType and JMSReplyTo headers it sets on every message it sends, and sends of
 * a Message or of a bare body (String, Map, byte[], Serializable), through its context's session.
 * Property rules are those of messages ({@link MessageProperties}).
 *
 * <p>Not thread-safe: used by its context's thread of control.
 */
public final class SluiceJMSProducer implements JMSProducer {
    private final SluiceJMSContext context;
    private final MessageProperties properties = new MessageProperties();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLiveMs;
    private long deliveryDelayMs;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private CompletionListener completionListener;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    /** The send path shared by a context's producers: its session, with one partition choice. */
    static final class Sender {
        private final SluiceSession session;

        Sender(SluiceSession session) {
            this.session = session;
        }

        void send(Object producer, Destination destination, Message message, SendOptions options, CompletionListener l)
                throws JMSException {
            session.checkUsable();
            if (destination == null) {
                throw new InvalidDestinationException("the destination is null");
            }
            session.connection()
                    .sender()
                    .send(session, producer, SluiceDestination.from(destination), message, options, l);
        }
    }

    SluiceJMSProducer(SluiceJMSContext context) {
        this.context = context;
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

    // ---- sending

    @Override
    public JMSProducer send(Destination destination, Message message) {
        run(() -> {
            if (message == null) {
                throw new MessageFormatException("the message to send is null");
            }
            apply(message);
            context.sender()
                    .send(
                            this,
                            destination,
                            message,
                            new SendOptions(
                                            deliveryMode,
                                            priority,
                                            timeToLiveMs,
                                            deliveryDelayMs,
                                            disableMessageId,
                                            disableMessageTimestamp)
                                    .validated(),
                            completionListener);
            return null;
        });
        return this;
    }

    /** Sets this producer's properties and headers on the message. */
    private void apply(Message message) throws JMSException {
        for (Map.Entry<String, Object> p : properties.asMap().entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        if (correlationIdBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIdBytes);
        } else if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, new SluiceTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        SluiceMapMessage message = new SluiceMapMessage();
        if (body != null) {
            run(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    message.setObject(e.getKey(), e.getValue());
                }
                return null;
            });
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        SluiceBytesMessage message = new SluiceBytesMessage();
        if (body != null) {
            run(() -> {
                message.writeBytes(body);
                return null;
            });
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, run(() -> new SluiceObjectMessage(body)));
    }

    // ---- settings

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableMessageTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        run(() -> {
            SendOptions.checkDeliveryMode(deliveryMode);
            return null;
        });
        this.deliveryMode = deliveryMode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int priority) {
        run(() -> {
            SendOptions.checkPriority(priority);
            return null;
        });
        this.priority = priority;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        this.timeToLiveMs = timeToLive;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLiveMs;
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        run(() -> {
            SendOptions.checkDeliveryDelay(deliveryDelay);
            return null;
        });
        this.deliveryDelayMs = deliveryDelay;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelayMs;
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.completionListener = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return completionListener;
    }

    // ---- properties

    private JMSProducer putProperty(String name, Object value) {
        run(() -> {
            properties.set(name, value);
            return null;
        });
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return putProperty(name, value);
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.contains(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return run(() -> properties.getBoolean(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return run(() -> properties.getByte(name));
    }

    @Override
    public short getShortProperty(String name) {
        return run(() -> properties.getShort(name));
    }

    @Override
    public int getIntProperty(String name) {
        return run(() -> properties.getInt(name));
    }

    @Override
    public long getLongProperty(String name) {
        return run(() -> properties.getLong(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return run(() -> properties.getFloat(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return run(() -> properties.getDouble(name));
    }

    @Override
    public String getStringProperty(String name) {
        return run(() -> properties.getString(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(properties.nameSet()));
    }

    // ---- headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
