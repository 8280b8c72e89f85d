package io.sluice.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A message whose body is a serializable object. {@link #setObject} serializes the object at once,
 * so later changes to it do not affect the message (the specification asks for a snapshot); the
 * serialized bytes are the record value. {@link #getObject} deserializes a fresh copy each time,
 * resolving only classes on the message's {@link ObjectMessageAllowList}: the one the connection
 * set, otherwise {@link ObjectMessageAllowList#fromSystemProperty()}.
 *
 * <p>Not thread-safe, like every message.
 */
public class SluiceObjectMessage extends SluiceMessage implements ObjectMessage {
    private byte[] serialized;
    private ObjectMessageAllowList allowList;

    public SluiceObjectMessage() {}

    /**
     * @throws MessageFormatException if the object cannot be serialized
     */
    public SluiceObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    /**
     * @throws MessageFormatException if the object (or something it refers to) cannot be serialized
     */
    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        serialized = object == null ? null : serialize(object);
    }

    /**
     * @throws MessageFormatException if the body holds a class that is not allowed or cannot be
     *     found, or is not a valid serialization stream
     */
    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : allowList().deserialize(serialized);
    }

    /** The classes {@link #getObject} may resolve; null means the system-wide default. */
    public void setAllowList(ObjectMessageAllowList allowList) {
        this.allowList = allowList;
    }

    private ObjectMessageAllowList allowList() {
        return allowList != null ? allowList : ObjectMessageAllowList.fromSystemProperty();
    }

    private static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException | RuntimeException e) {
            throw JmsErrors.linked(
                    new MessageFormatException(
                            "cannot serialize " + object.getClass().getName() + ": " + e),
                    e);
        }
        return bytes.toByteArray();
    }

    @Override
    void clearBodyContent() {
        serialized = null;
    }

    /** The serialized body for the codec (not copied; must not be changed), or null. */
    byte[] serializedBody() {
        return serialized;
    }

    /** Installs a received body (taken over, not copied). */
    void setSerializedBody(byte[] body) {
        serialized = body;
    }

    @Override
    public boolean hasBody() {
        return serialized != null;
    }

    /**
     * A freshly deserialized body, or null.
     *
     * @throws MessageFormatException if deserialization fails or the body is not a {@code c}
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        checkBodyClass(c);
        Serializable body = getObject();
        if (body == null) {
            return null;
        }
        return bodyAs(c, body, body.getClass(), typeName());
    }

    /** False when deserialization fails, as the specification asks. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        checkBodyClass(c);
        if (serialized == null) {
            return true;
        }
        try {
            return c.isInstance(getObject());
        } catch (MessageFormatException e) {
            return false;
        }
    }

    @Override
    String typeName() {
        return "ObjectMessage";
    }
}
