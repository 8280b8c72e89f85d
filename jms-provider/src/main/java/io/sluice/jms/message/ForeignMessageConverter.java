package io.sluice.jms.message;

import io.sluice.jms.destination.SluiceDestination;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Enumeration;

/**
 * Accepts messages of another provider, as the specification requires of every provider: {@link
 * #toSluice} copies a foreign {@link Message} into the Sluice message of the same type through the
 * jakarta.jms interfaces only, and {@link #copySendHeaders} writes the headers a send assigns back
 * into the foreign object afterwards.
 *
 * <p>Reading a foreign BytesMessage or StreamMessage calls its {@code reset()}, which leaves it in
 * read-only mode, as other providers do. JMSXDeliveryCount is not copied (Sluice sets it on
 * delivery); every other property is, under the Sluice property rules.
 *
 * <p>Stateless and thread-safe; the messages themselves are not.
 */
public final class ForeignMessageConverter {
    private ForeignMessageConverter() {}

    /**
     * The message itself when it is already a Sluice message, otherwise a new Sluice message with
     * the same headers, properties and body.
     *
     * @throws MessageFormatException if the foreign body or a property cannot be represented
     * @throws jakarta.jms.InvalidDestinationException if JMSReplyTo is neither a Queue nor a Topic
     */
    public static SluiceMessage toSluice(Message foreign) throws JMSException {
        if (foreign instanceof SluiceMessage sluice) {
            return sluice;
        }
        SluiceMessage copy = copyBody(foreign);
        copyHeaders(foreign, copy);
        copyProperties(foreign, copy);
        return copy;
    }

    /**
     * After a send: sets the headers the send assigned (JMSMessageID, JMSTimestamp, JMSDestination,
     * JMSDeliveryMode, JMSPriority, JMSExpiration, JMSDeliveryTime) on the foreign message the
     * application passed in.
     */
    public static void copySendHeaders(SluiceMessage sent, Message foreign) throws JMSException {
        if (foreign == sent) {
            return;
        }
        foreign.setJMSMessageID(sent.getJMSMessageID());
        foreign.setJMSTimestamp(sent.getJMSTimestamp());
        foreign.setJMSDestination(sent.getJMSDestination());
        foreign.setJMSDeliveryMode(sent.getJMSDeliveryMode());
        foreign.setJMSPriority(sent.getJMSPriority());
        foreign.setJMSExpiration(sent.getJMSExpiration());
        foreign.setJMSDeliveryTime(sent.getJMSDeliveryTime());
    }

    private static SluiceMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage text) {
            return new SluiceTextMessage(text.getText());
        } else if (foreign instanceof BytesMessage bytes) {
            return copyBytes(bytes);
        } else if (foreign instanceof MapMessage map) {
            SluiceMapMessage copy = new SluiceMapMessage();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        } else if (foreign instanceof StreamMessage stream) {
            return copyStream(stream);
        } else if (foreign instanceof ObjectMessage object) {
            return new SluiceObjectMessage(object.getObject());
        }
        return new SluiceMessage();
    }

    private static SluiceBytesMessage copyBytes(BytesMessage foreign) throws JMSException {
        foreign.reset();
        long length = foreign.getBodyLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new MessageFormatException("a BytesMessage body of " + length + " bytes is too large to send");
        }
        byte[] body = new byte[(int) length];
        byte[] chunk = new byte[Math.min(64 * 1024, body.length)];
        int read = 0;
        while (read < body.length) {
            int n = foreign.readBytes(chunk, Math.min(chunk.length, body.length - read));
            if (n < 0) {
                throw new MessageFormatException(
                        "foreign BytesMessage ended after " + read + " of its " + length + " bytes");
            }
            System.arraycopy(chunk, 0, body, read, n);
            read += n;
        }
        foreign.reset();
        SluiceBytesMessage copy = new SluiceBytesMessage();
        copy.writeBytes(body);
        return copy;
    }

    private static SluiceStreamMessage copyStream(StreamMessage foreign) throws JMSException {
        foreign.reset();
        SluiceStreamMessage copy = new SluiceStreamMessage();
        while (true) {
            Object value;
            try {
                value = foreign.readObject();
            } catch (MessageEOFException end) {
                break;
            }
            copy.writeObject(value);
        }
        foreign.reset();
        return copy;
    }

    private static void copyHeaders(Message foreign, SluiceMessage copy) throws JMSException {
        copy.setJMSMessageID(foreign.getJMSMessageID());
        copy.setJMSTimestamp(foreign.getJMSTimestamp());
        copyCorrelationId(foreign, copy);
        Destination replyTo = foreign.getJMSReplyTo();
        copy.setJMSReplyTo(replyTo == null ? null : SluiceDestination.from(replyTo));
        copy.setJMSDestination(foreign.getJMSDestination());
        int mode = foreign.getJMSDeliveryMode();
        if (mode == DeliveryMode.PERSISTENT || mode == DeliveryMode.NON_PERSISTENT) {
            copy.setJMSDeliveryMode(mode);
        }
        int priority = foreign.getJMSPriority();
        if (priority >= 0 && priority <= 9) {
            copy.setJMSPriority(priority);
        }
        copy.setJMSRedelivered(foreign.getJMSRedelivered());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSExpiration(foreign.getJMSExpiration());
        copy.setJMSDeliveryTime(foreign.getJMSDeliveryTime());
    }

    /** Keeps a byte correlation id as bytes where the foreign provider can tell them apart. */
    private static void copyCorrelationId(Message foreign, SluiceMessage copy) throws JMSException {
        String asString = foreign.getJMSCorrelationID();
        if (asString != null) {
            copy.setJMSCorrelationID(asString);
            return;
        }
        try {
            byte[] asBytes = foreign.getJMSCorrelationIDAsBytes();
            if (asBytes != null) {
                copy.setJMSCorrelationIDAsBytes(asBytes);
            }
        } catch (UnsupportedOperationException notSupported) {
            // the specification lets providers without native correlation ids refuse the byte form
        }
    }

    private static void copyProperties(Message foreign, SluiceMessage copy) throws JMSException {
        for (Enumeration<?> names = foreign.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!Jmsx.DELIVERY_COUNT.equals(name)) {
                copy.setObjectProperty(name, foreign.getObjectProperty(name));
            }
        }
    }
}
