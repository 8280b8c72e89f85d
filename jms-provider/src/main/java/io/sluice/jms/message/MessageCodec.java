package io.sluice.jms.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.protocol.message.BodyType;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Record;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Turns Sluice messages into records and records back into messages, in the layout of the "JMS
 * metadata" section of docs/protocol.md:
 *
 * <pre>
 * record part   holds
 * attributes    the body type (bits 0-3): BYTES, MESSAGE, TEXT, MAP, STREAM or OBJECT
 * timestamp     JMSTimestamp (the send time when timestamps are disabled)
 * key           JMSXGroupID as UTF-8, or null
 * value         the body: TEXT UTF-8 (null text = null value), BYTES raw, MAP and STREAM in the
 *               layouts of {@link BodyValues} (empty = null value), OBJECT Java serialization,
 *               MESSAGE null
 * header "jms"  {@link JmsMetadata}: the other headers and the properties
 * </pre>
 *
 * JMSDestination, JMSRedelivered and JMSXDeliveryCount are not in the record; {@link #decode} takes
 * them from the {@link DeliveryInfo}. A record without a {@code jms} header (written by the native
 * client) decodes as a BytesMessage whose body is the record value, with id {@code
 * ID:<topic>-<partition>-<offset>}.
 *
 * <p>Decoding copies everything it keeps, so the message outlives the fetched buffer, and checks
 * every length before allocating; malformed input raises {@link MessageFormatException} naming the
 * record offset and the problem.
 *
 * <p>Thread-safe: the codec holds only the immutable allow-list.
 */
public final class MessageCodec {
    /** Bit 3 of the metadata flags: the correlation id was set as bytes (see docs/protocol.md). */
    private static final int CORRELATION_ID_BYTES_FLAG = 1 << 3;

    private static final int FLAGS_OFFSET = 1;

    private final ObjectMessageAllowList allowList;

    /** A codec whose ObjectMessages use the system-wide allow-list. */
    public MessageCodec() {
        this(null);
    }

    /**
     * @param allowList the classes received ObjectMessages may deserialize, or null for {@link
     *     ObjectMessageAllowList#fromSystemProperty()}
     */
    public MessageCodec(ObjectMessageAllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * Encodes a message as it stands; the message is not changed. The producer sets the send
     * headers (JMSMessageID, JMSTimestamp, JMSDeliveryMode, JMSPriority, JMSExpiration,
     * JMSDeliveryTime) first.
     *
     * @param nowMs the send time, used as record timestamp when JMSTimestamp is 0 (disabled)
     * @throws jakarta.jms.InvalidDestinationException if JMSReplyTo is neither a Queue nor a Topic
     */
    public EncodedMessage encode(SluiceMessage message, long nowMs) throws JMSException {
        long timestamp = message.getJMSTimestamp();
        boolean timestampDisabled = timestamp == 0;
        long recordTimestamp = timestampDisabled ? nowMs : timestamp;
        long deliveryTime = message.getJMSDeliveryTime();

        JmsMetadata meta = new JmsMetadata()
                .persistent(message.getJMSDeliveryMode() != DeliveryMode.NON_PERSISTENT)
                .priority(message.getJMSPriority())
                .expiration(message.getJMSExpiration())
                .deliveryTime(deliveryTime == recordTimestamp ? 0 : deliveryTime)
                .timestampDisabled(timestampDisabled)
                .messageId(message.getJMSMessageID())
                .type(message.getJMSType());
        if (message.isCorrelationIdBytes()) {
            meta.correlationIdBytes(message.getJMSCorrelationIDAsBytes());
        } else {
            meta.correlationId(message.getJMSCorrelationID());
        }
        if (message.getJMSReplyTo() != null) {
            meta.replyTo(SluiceDestination.from(message.getJMSReplyTo()).toRef());
        }
        for (Map.Entry<String, Object> p : message.properties().asMap().entrySet()) {
            if (!Jmsx.DELIVERY_COUNT.equals(p.getKey())) {
                meta.property(p.getKey(), p.getValue());
            }
        }
        ByteBuf metaBytes = Unpooled.buffer(64);
        meta.encode(metaBytes);

        Object groupId = message.properties().get(Jmsx.GROUP_ID);
        byte[] key = groupId instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
        BodyType bodyType = bodyType(message);
        return new EncodedMessage(
                recordTimestamp,
                bodyType.code(),
                key,
                body(message, bodyType),
                List.of(Header.of(JmsMetadata.HEADER_KEY, ByteBufUtil.getBytes(metaBytes))));
    }

    private static BodyType bodyType(SluiceMessage message) {
        if (message instanceof SluiceTextMessage) {
            return BodyType.TEXT;
        } else if (message instanceof SluiceBytesMessage) {
            return BodyType.BYTES;
        } else if (message instanceof SluiceMapMessage) {
            return BodyType.MAP;
        } else if (message instanceof SluiceStreamMessage) {
            return BodyType.STREAM;
        } else if (message instanceof SluiceObjectMessage) {
            return BodyType.OBJECT;
        }
        return BodyType.MESSAGE;
    }

    private static byte[] body(SluiceMessage message, BodyType type) {
        return switch (type) {
            case TEXT -> {
                String text = ((SluiceTextMessage) message).getText();
                yield text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            }
            case BYTES -> ((SluiceBytesMessage) message).bodyBytes();
            case MAP -> {
                Map<String, Object> entries = ((SluiceMapMessage) message).entries();
                yield entries.isEmpty() ? null : BodyValues.encodeMap(entries);
            }
            case STREAM -> {
                List<Object> fields = ((SluiceStreamMessage) message).fields();
                yield fields.isEmpty() ? null : BodyValues.encodeStream(fields);
            }
            case OBJECT -> {
                byte[] serialized = ((SluiceObjectMessage) message).serializedBody();
                yield serialized == null ? null : serialized.clone();
            }
            case MESSAGE -> null;
        };
    }

    /**
     * Decodes a fetched record into a read-only message (properties and body), as a consumer
     * delivers it.
     *
     * @throws MessageFormatException if the record's metadata or body is malformed
     */
    public SluiceMessage decode(Record record, DeliveryInfo delivery) throws JMSException {
        try {
            ByteBuf jms = record.header(JmsMetadata.HEADER_KEY);
            byte[] value = record.value() == null ? null : ByteBufUtil.getBytes(record.value());
            SluiceMessage message =
                    jms == null ? decodeNative(record, value, delivery) : decodeJms(record, jms, value, delivery);
            message.setJMSDestination(delivery.destination());
            message.setJMSRedelivered(delivery.redelivered());
            message.properties().putDecoded(Jmsx.DELIVERY_COUNT, delivery.deliveryCount());
            message.makeReadOnly();
            return message;
        } catch (InvalidRecordException e) {
            throw JmsErrors.linked(new MessageFormatException(where(record, delivery) + e.getMessage()), e);
        } catch (MessageFormatException e) {
            throw JmsErrors.linked(new MessageFormatException(where(record, delivery) + e.getMessage()), e);
        }
    }

    private static String where(Record record, DeliveryInfo delivery) {
        return "record at offset " + record.offset() + " of " + delivery.destination() + " partition "
                + delivery.partition() + ": ";
    }

    private static SluiceMessage decodeNative(Record record, byte[] value, DeliveryInfo delivery) {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.setBodyBytes(value == null ? new byte[0] : value);
        message.setJMSMessageID(
                "ID:" + delivery.destination().name() + "-" + delivery.partition() + "-" + record.offset());
        message.setJMSTimestamp(record.timestamp());
        message.setJMSDeliveryTime(record.timestamp());
        return message;
    }

    private SluiceMessage decodeJms(Record record, ByteBuf jms, byte[] value, DeliveryInfo delivery)
            throws JMSException {
        JmsMetadata meta = JmsMetadata.decode(jms);
        BodyType type = BodyType.fromAttributes(record.attributes());
        SluiceMessage message = withBody(type, value);
        message.setJMSMessageID(meta.messageId());
        message.setJMSTimestamp(meta.timestampDisabled() ? 0 : record.timestamp());
        if ((jms.getShort(jms.readerIndex() + FLAGS_OFFSET) & CORRELATION_ID_BYTES_FLAG) != 0) {
            message.setJMSCorrelationIDAsBytes(meta.correlationIdBytes());
        } else {
            message.setJMSCorrelationID(meta.correlationId());
        }
        message.setJMSReplyTo(meta.replyTo() == null ? null : SluiceDestination.fromRef(meta.replyTo()));
        message.setJMSDeliveryMode(meta.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        message.setJMSType(meta.type());
        message.setJMSExpiration(meta.expiration());
        message.setJMSDeliveryTime(meta.deliveryTime() == 0 ? record.timestamp() : meta.deliveryTime());
        message.setJMSPriority(meta.priority());
        for (Map.Entry<String, Object> p : meta.properties().entrySet()) {
            message.properties().putDecoded(p.getKey(), p.getValue());
        }
        return message;
    }

    private SluiceMessage withBody(BodyType type, byte[] value) throws MessageFormatException {
        switch (type) {
            case MESSAGE -> {
                if (value != null) {
                    throw new MessageFormatException(
                            "a message without body type has a " + value.length + "-byte value");
                }
                return new SluiceMessage();
            }
            case TEXT -> {
                return new SluiceTextMessage(value == null ? null : new String(value, StandardCharsets.UTF_8));
            }
            case MAP -> {
                SluiceMapMessage map = new SluiceMapMessage();
                if (value != null) {
                    map.setEntries(BodyValues.decodeMap(value));
                }
                return map;
            }
            case STREAM -> {
                SluiceStreamMessage stream = new SluiceStreamMessage();
                if (value != null) {
                    stream.setFields(BodyValues.decodeStream(value));
                }
                return stream;
            }
            case OBJECT -> {
                SluiceObjectMessage object = new SluiceObjectMessage();
                object.setSerializedBody(value);
                object.setAllowList(allowList);
                return object;
            }
            default -> {
                SluiceBytesMessage bytes = new SluiceBytesMessage();
                bytes.setBodyBytes(value == null ? new byte[0] : value);
                return bytes;
            }
        }
    }
}
