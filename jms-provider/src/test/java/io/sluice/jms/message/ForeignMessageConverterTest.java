package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTemporaryTopic;
import io.sluice.jms.destination.SluiceTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Foreign messages are dynamic proxies that expose only a jakarta.jms interface; behind them is a
 * message of ours, but the converter cannot tell and must use the interface alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ForeignMessageConverterTest {

    @SuppressWarnings("unchecked")
    private static <T extends Message> T foreign(Class<T> type, SluiceMessage behind, Map<String, Object> overrides) {
        return (T) Proxy.newProxyInstance(
                ForeignMessageConverterTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        Object v = overrides.get(method.getName());
                        if (v instanceof RuntimeException e) {
                            throw e;
                        }
                        return v == NULL ? null : v;
                    }
                    try {
                        return method.invoke(behind, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static <T extends Message> T foreign(Class<T> type, SluiceMessage behind) {
        return foreign(type, behind, Map.of());
    }

    private static void setHeadersAndProperties(SluiceMessage m) throws Exception {
        m.setJMSMessageID("ID:other:1");
        m.setJMSTimestamp(123);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(new SluiceQueue("replies"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(7);
        m.setJMSType("T");
        m.setJMSExpiration(456);
        m.setJMSDeliveryTime(789);
        m.setJMSRedelivered(true);
        m.setStringProperty("s", "v");
        m.setDoubleProperty("d", 2.5);
        m.setStringProperty(Jmsx.GROUP_ID, "g");
        m.setIntProperty(Jmsx.DELIVERY_COUNT, 4);
    }

    private static void assertCopied(SluiceMessage copy) throws Exception {
        assertThat(copy.getJMSMessageID()).isEqualTo("ID:other:1");
        assertThat(copy.getJMSTimestamp()).isEqualTo(123);
        assertThat(copy.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(copy.getJMSReplyTo()).isEqualTo(new SluiceQueue("replies"));
        assertThat(copy.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(copy.getJMSPriority()).isEqualTo(7);
        assertThat(copy.getJMSType()).isEqualTo("T");
        assertThat(copy.getJMSExpiration()).isEqualTo(456);
        assertThat(copy.getJMSDeliveryTime()).isEqualTo(789);
        assertThat(copy.getJMSRedelivered()).isTrue();
        assertThat(copy.getStringProperty("s")).isEqualTo("v");
        assertThat(copy.getDoubleProperty("d")).isEqualTo(2.5);
        assertThat(copy.getStringProperty(Jmsx.GROUP_ID)).isEqualTo("g");
        assertThat(copy.propertyExists(Jmsx.DELIVERY_COUNT))
                .as("provider-set, not copied")
                .isFalse();
    }

    @Test
    void everyTypeIsCopiedWithHeadersAndProperties() throws Exception {
        SluiceTextMessage text = new SluiceTextMessage("t");
        setHeadersAndProperties(text);
        SluiceMessage c = ForeignMessageConverter.toSluice(foreign(TextMessage.class, text));
        assertCopied(c);
        assertThat(((SluiceTextMessage) c).getText()).isEqualTo("t");

        SluiceBytesMessage bytes = new SluiceBytesMessage();
        setHeadersAndProperties(bytes);
        bytes.writeBytes(new byte[70_000]);
        bytes.writeInt(5);
        BytesMessage foreignBytes = foreign(BytesMessage.class, bytes);
        c = ForeignMessageConverter.toSluice(foreignBytes);
        assertCopied(c);
        assertThat(c.getBody(byte[].class)).hasSize(70_004).endsWith(0, 0, 0, 5);
        assertThat(foreignBytes.readBytes(new byte[1]))
                .as("left readable at its start")
                .isEqualTo(1);

        SluiceMapMessage map = new SluiceMapMessage();
        setHeadersAndProperties(map);
        map.setChar("c", 'x');
        map.setBytes("b", new byte[] {1});
        map.setString("n", null);
        c = ForeignMessageConverter.toSluice(foreign(MapMessage.class, map));
        assertCopied(c);
        SluiceMapMessage mapCopy = (SluiceMapMessage) c;
        assertThat(mapCopy.getChar("c")).isEqualTo('x');
        assertThat(mapCopy.getBytes("b")).containsExactly(1);
        assertThat(mapCopy.itemExists("n")).isTrue();

        SluiceStreamMessage stream = new SluiceStreamMessage();
        setHeadersAndProperties(stream);
        stream.writeInt(1);
        stream.writeObject(null);
        stream.writeBytes(new byte[] {2, 3});
        stream.writeString("s");
        c = ForeignMessageConverter.toSluice(foreign(StreamMessage.class, stream));
        assertCopied(c);
        SluiceStreamMessage streamCopy = (SluiceStreamMessage) c;
        streamCopy.reset();
        assertThat(streamCopy.readInt()).isEqualTo(1);
        assertThat(streamCopy.readObject()).isNull();
        assertThat((byte[]) streamCopy.readObject()).containsExactly(2, 3);
        assertThat(streamCopy.readString()).isEqualTo("s");

        SluiceObjectMessage object = new SluiceObjectMessage(new HashMap<>(Map.of("k", "v")));
        setHeadersAndProperties(object);
        c = ForeignMessageConverter.toSluice(foreign(ObjectMessage.class, object));
        assertCopied(c);
        assertThat(((SluiceObjectMessage) c).getObject()).isEqualTo(Map.of("k", "v"));

        SluiceMessage plain = new SluiceMessage();
        setHeadersAndProperties(plain);
        c = ForeignMessageConverter.toSluice(foreign(Message.class, plain));
        assertCopied(c);
        assertThat(c).isExactlyInstanceOf(SluiceMessage.class);
    }

    @Test
    void aSluiceMessageIsTakenAsItIs() throws Exception {
        SluiceTextMessage m = new SluiceTextMessage("x");
        assertThat(ForeignMessageConverter.toSluice(m)).isSameAs(m);
    }

    @Test
    void foreignDestinationsBecomeSluiceDestinations() throws Exception {
        SluiceMessage m = new SluiceMessage();
        Queue q = () -> "their-queue";
        TemporaryTopic tt = new TemporaryTopic() {
            @Override
            public void delete() {}

            @Override
            public String getTopicName() {
                return "their-temp";
            }
        };
        m.setJMSReplyTo(q);
        assertThat(ForeignMessageConverter.toSluice(foreign(Message.class, m)).getJMSReplyTo())
                .isEqualTo(new SluiceQueue("their-queue"));
        m.setJMSReplyTo(tt);
        assertThat(ForeignMessageConverter.toSluice(foreign(Message.class, m)).getJMSReplyTo())
                .isEqualTo(new SluiceTemporaryTopic("their-temp", null));
        m.setJMSReplyTo(new Destination() {});
        assertThatThrownBy(() -> ForeignMessageConverter.toSluice(foreign(Message.class, m)))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void byteCorrelationIdsAndProvidersWithoutThem() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {5});
        Message bytesOnly = foreign(Message.class, m, Map.of("getJMSCorrelationID", nullMarker()));
        SluiceMessage c = ForeignMessageConverter.toSluice(bytesOnly);
        assertThat(c.isCorrelationIdBytes()).isTrue();
        assertThat(c.getJMSCorrelationIDAsBytes()).containsExactly(5);

        Message refuses = foreign(
                Message.class,
                new SluiceMessage(),
                Map.of("getJMSCorrelationIDAsBytes", new UnsupportedOperationException("no native ids")));
        assertThat(ForeignMessageConverter.toSluice(refuses).getJMSCorrelationID())
                .isNull();
    }

    @Test
    void outOfRangeHeaderValuesAreLeftAtTheirDefaults() throws Exception {
        Message odd =
                foreign(Message.class, new SluiceMessage(), Map.of("getJMSPriority", -1, "getJMSDeliveryMode", 0));
        SluiceMessage c = ForeignMessageConverter.toSluice(odd);
        assertThat(c.getJMSPriority()).isEqualTo(4);
        assertThat(c.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }

    @Test
    void sendHeadersAreWrittenBack() throws Exception {
        SluiceMessage behind = new SluiceMessage();
        Message theirs = foreign(Message.class, behind);
        SluiceMessage sent = ForeignMessageConverter.toSluice(theirs);
        sent.setJMSMessageID("ID:sluice:1");
        sent.setJMSTimestamp(10);
        sent.setJMSDestination(new SluiceTopic("t"));
        sent.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        sent.setJMSPriority(2);
        sent.setJMSExpiration(20);
        sent.setJMSDeliveryTime(30);
        ForeignMessageConverter.copySendHeaders(sent, theirs);
        assertThat(theirs.getJMSMessageID()).isEqualTo("ID:sluice:1");
        assertThat(theirs.getJMSTimestamp()).isEqualTo(10);
        assertThat(theirs.getJMSDestination()).isEqualTo(new SluiceTopic("t"));
        assertThat(theirs.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(theirs.getJMSPriority()).isEqualTo(2);
        assertThat(theirs.getJMSExpiration()).isEqualTo(20);
        assertThat(theirs.getJMSDeliveryTime()).isEqualTo(30);
    }

    @Test
    void aWriteOnlyForeignBytesMessageIsResetToBeRead() throws Exception {
        SluiceBytesMessage behind = new SluiceBytesMessage();
        behind.writeByte((byte) 1);
        BytesMessage theirs = foreign(BytesMessage.class, behind);
        assertThatThrownBy(theirs::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        SluiceMessage c = ForeignMessageConverter.toSluice(theirs);
        assertThat(c.getBody(byte[].class)).containsExactly(1);
        assertThat(Collections.list(c.getPropertyNames())).isEqualTo(List.of());
    }

    /** Map.of takes no null values; a sentinel the handler maps to null. */
    private static Object nullMarker() {
        return NULL;
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
