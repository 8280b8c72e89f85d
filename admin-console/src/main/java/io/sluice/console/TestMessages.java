package io.sluice.console;

import io.sluice.client.ProducerRecord;
import io.sluice.client.RecordHeader;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import io.sluice.jms.message.EncodedMessage;
import io.sluice.jms.message.MessageCodec;
import io.sluice.jms.message.MessageIdGenerator;
import io.sluice.jms.message.SluiceBytesMessage;
import io.sluice.jms.message.SluiceMapMessage;
import io.sluice.jms.message.SluiceMessage;
import io.sluice.jms.message.SluiceStreamMessage;
import io.sluice.jms.message.SluiceTextMessage;
import io.sluice.protocol.record.Header;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds a test message from the console's form (body type and body, JMS headers, typed
 * properties) into a record encoded by the JMS layer's {@link MessageCodec}, so that JMS
 * consumers receive a proper JMS message.
 *
 * <p>Thread-safe.
 */
final class TestMessages {
    /** The form: {@code properties} entries have name, type and value; headers are optional. */
    record Form(
            String type,
            String body,
            String correlationId,
            String jmsType,
            Integer priority,
            Boolean persistent,
            Long timeToLiveMs,
            String replyTo,
            List<Map<String, Object>> properties,
            List<Map<String, Object>> entries) {}

    private final MessageCodec codec = new MessageCodec();
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final Clock clock;

    TestMessages(Clock clock) {
        this.clock = clock;
    }

    /** @throws ConsoleException 400 naming the field for bad input */
    ProducerRecord build(String topic, Form form) {
        try {
            SluiceMessage message = message(form);
            long now = clock.millis();
            message.setJMSMessageID(ids.next());
            message.setJMSTimestamp(now);
            message.setJMSDeliveryMode(
                    Boolean.FALSE.equals(form.persistent()) ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
            int priority = form.priority() == null ? 4 : form.priority();
            if (priority < 0 || priority > 9) {
                throw new ConsoleException(400, "priority must be 0 to 9, was " + priority, "priority");
            }
            message.setJMSPriority(priority);
            long ttl = form.timeToLiveMs() == null ? 0 : form.timeToLiveMs();
            if (ttl < 0) {
                throw new ConsoleException(400, "time to live must not be negative", "timeToLiveMs");
            }
            message.setJMSExpiration(ttl == 0 ? 0 : now + ttl);
            message.setJMSDeliveryTime(now);
            message.setJMSCorrelationID(blankToNull(form.correlationId()));
            message.setJMSType(blankToNull(form.jmsType()));
            if (blankToNull(form.replyTo()) != null) {
                message.setJMSReplyTo(replyTo(form.replyTo().trim()));
            }
            if (form.properties() != null) {
                for (Map<String, Object> p : form.properties()) {
                    String name = String.valueOf(p.get("name"));
                    message.setObjectProperty(name, typedValue(p, "property " + name));
                }
            }
            EncodedMessage encoded = codec.encode(message, now);
            List<RecordHeader> headers = new ArrayList<>();
            for (Header h : encoded.headers()) {
                headers.add(new RecordHeader(h.key(), h.valueBytes()));
            }
            return new ProducerRecord(
                    topic,
                    null,
                    encoded.key(),
                    encoded.value(),
                    headers,
                    encoded.attributes(),
                    null,
                    encoded.timestampMs());
        } catch (JMSException | IllegalArgumentException e) {
            throw new ConsoleException(400, "invalid message: " + e.getMessage(), "message");
        }
    }

    private SluiceMessage message(Form form) throws JMSException {
        String type = form.type() == null ? "TEXT" : form.type().toUpperCase(java.util.Locale.ROOT);
        switch (type) {
            case "TEXT":
                return new SluiceTextMessage(form.body());
            case "BYTES": {
                SluiceBytesMessage m = new SluiceBytesMessage();
                m.writeBytes(hex(form.body()));
                return m;
            }
            case "MAP": {
                SluiceMapMessage m = new SluiceMapMessage();
                for (Map<String, Object> e : entries(form)) {
                    m.setObject(String.valueOf(e.get("name")), typedValue(e, "map entry " + e.get("name")));
                }
                return m;
            }
            case "STREAM": {
                SluiceStreamMessage m = new SluiceStreamMessage();
                for (Map<String, Object> e : entries(form)) {
                    m.writeObject(typedValue(e, "stream value"));
                }
                return m;
            }
            case "MESSAGE":
                return new SluiceMessage();
            default:
                throw new ConsoleException(
                        400, "type must be TEXT, BYTES, MAP, STREAM or MESSAGE, was " + form.type(), "type");
        }
    }

    private static List<Map<String, Object>> entries(Form form) {
        return form.entries() == null ? List.of() : form.entries();
    }

    private static byte[] hex(String text) {
        String digits = text == null ? "" : text.replaceAll("\\s", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new ConsoleException(400, "a bytes body is written as hexadecimal digits: " + e.getMessage(), "body");
        }
    }

    /** A value of the given type ("string" by default) from its text. */
    static Object typedValue(Map<String, Object> p, String what) {
        Object raw = p.get("value");
        String type = p.get("type") == null ? "string" : String.valueOf(p.get("type"));
        String text = raw == null ? null : String.valueOf(raw);
        try {
            return switch (type) {
                case "string" -> text;
                case "boolean" -> {
                    if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
                        throw new NumberFormatException("'" + text + "' is not true or false");
                    }
                    yield Boolean.parseBoolean(text);
                }
                case "byte" -> Byte.parseByte(text.trim());
                case "short" -> Short.parseShort(text.trim());
                case "int" -> Integer.parseInt(text.trim());
                case "long" -> Long.parseLong(text.trim());
                case "float" -> Float.parseFloat(text.trim());
                case "double" -> Double.parseDouble(text.trim());
                default -> throw new ConsoleException(400, what + ": unknown type '" + type + "'", "properties");
            };
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConsoleException(400, what + ": '" + text + "' is not a " + type, "properties");
        }
    }

    private static jakarta.jms.Destination replyTo(String value) {
        if (value.startsWith("topic://")) {
            return new SluiceTopic(value.substring(8));
        }
        return new SluiceQueue(value.startsWith("queue://") ? value.substring(8) : value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
