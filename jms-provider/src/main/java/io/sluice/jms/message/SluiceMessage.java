package io.sluice.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * A message without a body, and the headers and properties every Sluice message has.
 *
 * <p>Header fields can always be set, also on received messages, as the specification requires.
 * Properties and body of a received message are read-only until {@link #clearProperties()} or
 * {@link #clearBody()}; setting them before that throws {@link MessageNotWriteableException}.
 * Property rules and conversions are those of {@link MessageProperties}; {@value
 * Jmsx#DELIVERY_COUNT} is one of the properties of a received message.
 *
 * <p>The correlation id is kept as it was set (String or bytes); the other view is its UTF-8
 * encoding or decoding, as on the wire.
 *
 * <p>Not thread-safe: a message belongs to one session thread at a time, as JMS requires.
 */
public class SluiceMessage implements Message {
    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;
    private final MessageProperties properties = new MessageProperties();
    private boolean propertiesReadOnly;
    private boolean bodyReadOnly;
    private MessageAcknowledger acknowledger;

    /** A new, writable message. */
    public SluiceMessage() {}

    // ---- headers

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationId) {
        this.correlationIdBytes = correlationId == null ? null : correlationId.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationId) {
        this.correlationId = correlationId;
        this.correlationIdBytes = null;
    }

    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    /** Whether the correlation id was set as bytes (it travels flagged as such). */
    public boolean isCorrelationIdBytes() {
        return correlationIdBytes != null;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    /**
     * @throws JMSException if the mode is neither {@link DeliveryMode#PERSISTENT} nor {@link
     *     DeliveryMode#NON_PERSISTENT}
     */
    @Override
    public void setJMSDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + deliveryMode + " is neither PERSISTENT ("
                    + DeliveryMode.PERSISTENT + ") nor NON_PERSISTENT (" + DeliveryMode.NON_PERSISTENT + ")");
        }
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    /**
     * @throws JMSException if the priority is outside 0-9
     */
    @Override
    public void setJMSPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority " + priority + " is outside 0-9");
        }
        this.priority = priority;
    }

    // ---- properties

    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.contains(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return properties.getBoolean(name);
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return properties.getByte(name);
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return properties.getShort(name);
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return properties.getInt(name);
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return properties.getLong(name);
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return properties.getFloat(name);
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return properties.getDouble(name);
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return properties.getString(name);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return properties.names();
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        setProperty(name, value);
    }

    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        setProperty(name, value);
    }

    private void setProperty(String name, Object value) throws JMSException {
        MessageProperties.checkName(name);
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException("the properties of a received message are read-only; "
                    + "call clearProperties() before setting '" + name + "'");
        }
        properties.setCheckedName(name, value);
    }

    /** The properties, for the codec and the connection layer. */
    public MessageProperties properties() {
        return properties;
    }

    public boolean isPropertiesReadOnly() {
        return propertiesReadOnly;
    }

    // ---- body and state

    @Override
    public void acknowledge() throws JMSException {
        MessageAcknowledger a = acknowledger;
        if (a != null) {
            a.acknowledge(this);
        }
    }

    /** Set by the consumer on a message it delivers, when acknowledge() is meaningful. */
    public void setAcknowledger(MessageAcknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    @Override
    public final void clearBody() throws JMSException {
        clearBodyContent();
        bodyReadOnly = false;
    }

    /** Empties the body; subclasses with a body override this. */
    void clearBodyContent() throws JMSException {}

    /**
     * Whether the message has a body {@code JMSConsumer.receiveBody} can return: never for a plain
     * Message; for the other types, when they hold text, bytes, entries or an object.
     */
    public boolean hasBody() {
        return false;
    }

    /** The message has no body: any type may be asked for and null comes back. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        checkBodyClass(c);
        return null;
    }

    /** The message has no body, so it is assignable to any type. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        checkBodyClass(c);
        return true;
    }

    public boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    /**
     * Makes properties and body read-only, as on a received message: what the codec does after
     * decoding. BytesMessage and StreamMessage are also put in read mode at their start.
     */
    public void makeReadOnly() throws JMSException {
        propertiesReadOnly = true;
        bodyReadOnly = true;
        onBodyReadOnly();
    }

    /** Hook for bodies with a read position. */
    void onBodyReadOnly() throws JMSException {}

    void setBodyReadOnly(boolean bodyReadOnly) {
        this.bodyReadOnly = bodyReadOnly;
    }

    /**
     * @throws MessageNotWriteableException if the body is read-only
     */
    final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(
                    "the body of this " + typeName() + " is read-only; call clearBody() to write it");
        }
    }

    static void checkBodyClass(Class<?> c) throws MessageFormatException {
        if (c == null) {
            throw new MessageFormatException("the class to read the message body as must not be null");
        }
    }

    /** The body, which is declared as {@code declaredType}, as {@code c}. */
    static <T> T bodyAs(Class<T> c, Object body, Class<?> declaredType, String messageType)
            throws MessageFormatException {
        if (!c.isAssignableFrom(declaredType)) {
            throw new MessageFormatException("the body of a " + messageType + " is a " + declaredType.getName()
                    + ", which cannot be assigned to " + c.getName());
        }
        return c.cast(body);
    }

    /** The JMS interface name of this message type, for messages. */
    String typeName() {
        return "Message";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + ", timestamp="
                + timestamp + ", deliveryMode=" + deliveryMode + ", priority=" + priority + ", redelivered="
                + redelivered + ", properties=" + properties + "]";
    }
}
