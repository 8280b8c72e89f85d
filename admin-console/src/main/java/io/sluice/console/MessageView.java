package io.sluice.console;

import io.sluice.client.InspectedPage;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import io.sluice.jms.message.DeliveryInfo;
import io.sluice.jms.message.MessageCodec;
import io.sluice.jms.message.SluiceBytesMessage;
import io.sluice.jms.message.SluiceMapMessage;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.jms.message.SluiceObjectMessage;
import io.sluice.jms.message.SluiceStreamMessage;
import io.sluice.jms.message.SluiceTextMessage;
import io.sluice.protocol.record.Record;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an inspected record into what the console shows: the JMS headers, the typed properties
 * and a preview of the body (text, bytes as hex, map entries and stream values with their types),
 * decoded with the JMS layer's {@link MessageCodec}. ObjectMessage bodies are never deserialized:
 * only their size and first bytes are shown. A record that does not decode is shown with the
 * decoder's error and its value as hex.
 *
 * <p>Thread-safe: the codec is.
 */
final class MessageView {
    /** Characters of text, bytes of binary shown at most. */
    static final int PREVIEW_CHARS = 16 * 1024;

    static final int PREVIEW_BYTES = 1024;
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final MessageCodec codec = new MessageCodec();

    Map<String, Object> view(String topic, boolean queue, InspectedPage.Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partition", m.partition());
        out.put("offset", m.offset());
        out.put("state", m.state().name());
        out.put("deliveryCount", m.deliveryCount());
        Record record = m.record();
        out.put("timestamp", record.timestamp());
        out.put("sizeBytes", m.recordBytes().length);
        SluiceDestination destination = queue ? new SluiceQueue(topic) : new SluiceTopic(topic);
        try {
            SluiceMessage message =
                    codec.decode(record, DeliveryInfo.of(destination, m.partition(), Math.max(1, m.deliveryCount())));
            out.put("headers", headers(message));
            out.put("properties", properties(message));
            out.put("body", body(message, record));
        } catch (JMSException | RuntimeException e) {
            out.put("error", "cannot decode: " + e.getMessage());
            byte[] value = record.value() == null ? null : io.netty.buffer.ByteBufUtil.getBytes(record.value());
            out.put("body", bytesPreview("UNDECODABLE", value));
        }
        return out;
    }

    private static Map<String, Object> headers(SluiceMessage m) throws JMSException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("JMSMessageID", m.getJMSMessageID());
        h.put("JMSTimestamp", m.getJMSTimestamp());
        h.put("JMSCorrelationID", m.getJMSCorrelationID());
        h.put("JMSType", m.getJMSType());
        h.put("JMSReplyTo", m.getJMSReplyTo() == null ? null : m.getJMSReplyTo().toString());
        h.put(
                "JMSDeliveryMode",
                m.getJMSDeliveryMode() == DeliveryMode.NON_PERSISTENT ? "NON_PERSISTENT" : "PERSISTENT");
        h.put("JMSPriority", m.getJMSPriority());
        h.put("JMSExpiration", m.getJMSExpiration());
        h.put("JMSDeliveryTime", m.getJMSDeliveryTime());
        return h;
    }

    private static List<Map<String, Object>> properties(SluiceMessage m) throws JMSException {
        List<String> names = new ArrayList<>(Collections.list(m.getPropertyNames()));
        Collections.sort(names);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : names) {
            if (DELIVERY_COUNT.equals(name)) {
                continue; // shown as the delivery count of the message
            }
            Object value = m.getObjectProperty(name);
            out.add(typed(name, value));
        }
        return out;
    }

    private static Map<String, Object> typed(String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (name != null) {
            p.put("name", name);
        }
        p.put("type", typeName(value));
        p.put(
                "value",
                value instanceof byte[] b
                        ? HexFormat.of().formatHex(b)
                        : value == null ? null : value instanceof Character c ? String.valueOf(c) : value);
        return p;
    }

    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return switch (value.getClass().getSimpleName()) {
            case "Boolean" -> "boolean";
            case "Byte" -> "byte";
            case "Short" -> "short";
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Float" -> "float";
            case "Double" -> "double";
            case "Character" -> "char";
            default -> "string";
        };
    }

    private static Map<String, Object> body(SluiceMessage m, Record record) throws JMSException {
        if (m instanceof SluiceTextMessage t) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("type", "TEXT");
            String text = t.getText();
            b.put("length", text == null ? -1 : text.length());
            b.put("truncated", text != null && text.length() > PREVIEW_CHARS);
            b.put("text", text == null || text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS));
            return b;
        }
        if (m instanceof SluiceBytesMessage bytes) {
            byte[] all = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(all);
            return bytesPreview("BYTES", all);
        }
        if (m instanceof SluiceMapMessage map) {
            List<Map<String, Object>> entries = new ArrayList<>();
            List<String> names = new ArrayList<>(Collections.list(map.getMapNames()));
            Collections.sort(names);
            for (String name : names) {
                entries.add(typed(name, map.getObject(name)));
            }
            return Map.of("type", "MAP", "entries", entries);
        }
        if (m instanceof SluiceStreamMessage stream) {
            List<Map<String, Object>> values = new ArrayList<>();
            try {
                while (true) {
                    values.add(typed(null, stream.readObject()));
                }
            } catch (MessageEOFException end) {
                // every value read
            }
            return Map.of("type", "STREAM", "values", values);
        }
        if (m instanceof SluiceObjectMessage) {
            byte[] value = record.value() == null ? null : io.netty.buffer.ByteBufUtil.getBytes(record.value());
            return bytesPreview("OBJECT", value);
        }
        return Map.of("type", "MESSAGE");
    }

    private static Map<String, Object> bytesPreview(String type, byte[] bytes) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", type);
        b.put("length", bytes == null ? -1 : bytes.length);
        b.put("truncated", bytes != null && bytes.length > PREVIEW_BYTES);
        b.put("hex", bytes == null ? null : HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, PREVIEW_BYTES)));
        return b;
    }
}
