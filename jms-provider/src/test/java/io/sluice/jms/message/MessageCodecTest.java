package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.jms.destination.SluiceDestination;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTemporaryQueue;
import io.sluice.jms.destination.SluiceTemporaryTopic;
import io.sluice.jms.destination.SluiceTopic;
import io.sluice.protocol.message.BodyType;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.message.DestinationRef;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.Record;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageCodecTest {
    private static final long SENT_AT = 1_700_000_123_456L;
    private static final SluiceTopic PRICES = new SluiceTopic("prices");

    private static <M extends SluiceMessage> M withEveryHeader(M m) throws JMSException {
        m.setJMSMessageID("ID:abc:7");
        m.setJMSTimestamp(SENT_AT);
        m.setJMSCorrelationID("corr-ü");
        m.setJMSReplyTo(new SluiceTemporaryQueue("tmp-1", null));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("OrderPlaced");
        m.setJMSExpiration(SENT_AT + 60_000);
        m.setJMSDeliveryTime(SENT_AT + 5_000);
        m.setJMSPriority(8);
        m.setBooleanProperty("b", true);
        m.setByteProperty("y", (byte) -3);
        m.setShortProperty("s", (short) 300);
        m.setIntProperty("i", 70_000);
        m.setLongProperty("l", Long.MIN_VALUE);
        m.setFloatProperty("f", 1.5f);
        m.setDoubleProperty("d", Double.MAX_VALUE);
        m.setStringProperty("str", "väl'ue");
        m.setStringProperty(Jmsx.GROUP_ID, "group-7");
        m.setIntProperty(Jmsx.GROUP_SEQ, 3);
        m.setIntProperty(Jmsx.DELIVERY_COUNT, 99); // never sent: the delivery sets it
        return m;
    }

    private static void assertEveryHeader(SluiceMessage r) throws JMSException {
        assertThat(r.getJMSMessageID()).isEqualTo("ID:abc:7");
        assertThat(r.getJMSTimestamp()).isEqualTo(SENT_AT);
        assertThat(r.getJMSCorrelationID()).isEqualTo("corr-ü");
        assertThat(r.isCorrelationIdBytes()).isFalse();
        assertThat(r.getJMSReplyTo()).isEqualTo(new SluiceTemporaryQueue("tmp-1", null));
        assertThat(r.getJMSDestination()).isEqualTo(PRICES);
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(r.getJMSRedelivered()).isTrue();
        assertThat(r.getJMSType()).isEqualTo("OrderPlaced");
        assertThat(r.getJMSExpiration()).isEqualTo(SENT_AT + 60_000);
        assertThat(r.getJMSDeliveryTime()).isEqualTo(SENT_AT + 5_000);
        assertThat(r.getJMSPriority()).isEqualTo(8);
        assertThat(r.getObjectProperty("b")).isEqualTo(true);
        assertThat(r.getObjectProperty("y")).isEqualTo((byte) -3);
        assertThat(r.getObjectProperty("s")).isEqualTo((short) 300);
        assertThat(r.getObjectProperty("i")).isEqualTo(70_000);
        assertThat(r.getObjectProperty("l")).isEqualTo(Long.MIN_VALUE);
        assertThat(r.getObjectProperty("f")).isEqualTo(1.5f);
        assertThat(r.getObjectProperty("d")).isEqualTo(Double.MAX_VALUE);
        assertThat(r.getObjectProperty("str")).isEqualTo("väl'ue");
        assertThat(r.getStringProperty(Jmsx.GROUP_ID)).isEqualTo("group-7");
        assertThat(r.getIntProperty(Jmsx.GROUP_SEQ)).isEqualTo(3);
        assertThat(r.getIntProperty(Jmsx.DELIVERY_COUNT)).isEqualTo(2);
        assertThat(Collections.list(r.getPropertyNames()))
                .containsExactlyInAnyOrder(
                        "b", "y", "s", "i", "l", "f", "d", "str", Jmsx.GROUP_ID, Jmsx.GROUP_SEQ, Jmsx.DELIVERY_COUNT);
        assertThat(r.isPropertiesReadOnly()).isTrue();
        assertThat(r.isBodyReadOnly()).isTrue();
    }

    private static SluiceMessage redeliver(SluiceMessage m) throws JMSException {
        return CodecFixtures.roundTrip(new MessageCodec(), m, new DeliveryInfo(PRICES, 3, 2, true));
    }

    @Test
    void everyMessageTypeRoundTripsWithEveryHeader() throws Exception {
        SluiceMessage plain = redeliver(withEveryHeader(new SluiceMessage()));
        assertEveryHeader(plain);
        assertThat(plain).isExactlyInstanceOf(SluiceMessage.class);

        SluiceTextMessage text = (SluiceTextMessage) redeliver(withEveryHeader(new SluiceTextMessage("hällo")));
        assertEveryHeader(text);
        assertThat(text.getText()).isEqualTo("hällo");

        SluiceBytesMessage bytesIn = withEveryHeader(new SluiceBytesMessage());
        bytesIn.writeLong(42);
        SluiceBytesMessage bytes = (SluiceBytesMessage) redeliver(bytesIn);
        assertEveryHeader(bytes);
        assertThat(bytes.readLong()).isEqualTo(42);

        SluiceMapMessage mapIn = withEveryHeader(new SluiceMapMessage());
        mapIn.setString("k", "v");
        SluiceMapMessage map = (SluiceMapMessage) redeliver(mapIn);
        assertEveryHeader(map);
        assertThat(map.getString("k")).isEqualTo("v");

        SluiceStreamMessage streamIn = withEveryHeader(new SluiceStreamMessage());
        streamIn.writeChar('q');
        SluiceStreamMessage stream = (SluiceStreamMessage) redeliver(streamIn);
        assertEveryHeader(stream);
        assertThat(stream.readChar()).isEqualTo('q');

        SluiceObjectMessage object = (SluiceObjectMessage)
                redeliver(withEveryHeader(new SluiceObjectMessage(new java.util.HashMap<>(Map.of("k", 1L)))));
        assertEveryHeader(object);
        assertThat(object.getObject()).isEqualTo(Map.of("k", 1L));
    }

    @Test
    void encodingFollowsTheDocumentedLayout() throws Exception {
        SluiceTextMessage m = withEveryHeader(new SluiceTextMessage("hi"));
        EncodedMessage e = new MessageCodec().encode(m, 5L);
        assertThat(e.timestampMs()).isEqualTo(SENT_AT);
        assertThat(e.attributes()).isEqualTo(BodyType.TEXT.code());
        assertThat(e.key()).isEqualTo("group-7".getBytes(StandardCharsets.UTF_8));
        assertThat(e.value()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(e.headers()).hasSize(1);
        assertThat(e.headers().get(0).key()).isEqualTo(JmsMetadata.HEADER_KEY);
        JmsMetadata meta = JmsMetadata.decode(e.headers().get(0).value());
        assertThat(meta.persistent()).isFalse();
        assertThat(meta.priority()).isEqualTo(8);
        assertThat(meta.deliveryTime()).isEqualTo(SENT_AT + 5_000);
        assertThat(meta.replyTo()).isEqualTo(new DestinationRef(DestinationKind.TEMPORARY_QUEUE, "tmp-1"));
        assertThat(meta.properties()).containsEntry(Jmsx.GROUP_ID, "group-7");
        assertThat(meta.properties()).doesNotContainKey(Jmsx.DELIVERY_COUNT);
        assertThat(JmsMetadata.peekPriority(e.headers().get(0).value())).isEqualTo(8);
        assertThat(e.payloadBytes()).isGreaterThan(e.value().length + e.key().length);
        assertThat(m.isBodyReadOnly()).as("encoding leaves the message alone").isFalse();
    }

    @Test
    void bodiesWithoutContentTravelAsNullValues() throws Exception {
        MessageCodec codec = new MessageCodec();
        assertThat(codec.encode(new SluiceMessage(), 1).value()).isNull();
        assertThat(codec.encode(new SluiceTextMessage(), 1).value()).isNull();
        assertThat(codec.encode(new SluiceMapMessage(), 1).value()).isNull();
        assertThat(codec.encode(new SluiceStreamMessage(), 1).value()).isNull();
        assertThat(codec.encode(new SluiceObjectMessage(), 1).value()).isNull();
        assertThat(codec.encode(new SluiceBytesMessage(), 1).value()).isEmpty();

        assertThat(((SluiceTextMessage) CodecFixtures.roundTrip(new SluiceTextMessage())).getText())
                .isNull();
        assertThat(((SluiceObjectMessage) CodecFixtures.roundTrip(new SluiceObjectMessage())).getObject())
                .isNull();
        assertThat(((SluiceMapMessage) CodecFixtures.roundTrip(new SluiceMapMessage()))
                        .getMapNames()
                        .hasMoreElements())
                .isFalse();
        SluiceStreamMessage stream = (SluiceStreamMessage) CodecFixtures.roundTrip(new SluiceStreamMessage());
        assertThatThrownBy(stream::readObject).isInstanceOf(jakarta.jms.MessageEOFException.class);
        assertThat(((SluiceBytesMessage) CodecFixtures.roundTrip(new SluiceBytesMessage())).getBodyLength())
                .isZero();
    }

    @Test
    void disabledTimestampAndNoDelay() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setJMSDeliveryTime(CodecFixtures.NOW_MS);
        EncodedMessage e = new MessageCodec().encode(m, CodecFixtures.NOW_MS);
        assertThat(e.timestampMs()).as("the send time stamps the record").isEqualTo(CodecFixtures.NOW_MS);
        JmsMetadata meta = JmsMetadata.decode(e.headers().get(0).value());
        assertThat(meta.timestampDisabled()).isTrue();
        assertThat(meta.deliveryTime()).as("no delay travels as 0").isZero();

        SluiceMessage r = CodecFixtures.roundTrip(new MessageCodec(), m, DeliveryInfo.of(CodecFixtures.QUEUE, 0, 1));
        assertThat(r.getJMSTimestamp()).isZero();
        assertThat(r.getJMSDeliveryTime()).isEqualTo(CodecFixtures.NOW_MS);
        assertThat(r.getJMSRedelivered()).isFalse();
        assertThat(r.getIntProperty(Jmsx.DELIVERY_COUNT)).isEqualTo(1);
        assertThat(r.getJMSMessageID()).isNull();
        assertThat(r.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }

    @Test
    void correlationIdBytesStayBytes() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {(byte) 0xff, 0, 1});
        SluiceMessage r = CodecFixtures.roundTrip(m);
        assertThat(r.isCorrelationIdBytes()).isTrue();
        assertThat(r.getJMSCorrelationIDAsBytes()).containsExactly(0xff, 0, 1);
    }

    @Test
    void replyToOfEveryKind() throws Exception {
        for (SluiceDestination d : List.of(
                new SluiceQueue("q"),
                new SluiceTopic("t"),
                new SluiceTemporaryQueue("tq", null),
                new SluiceTemporaryTopic("tt", null))) {
            SluiceMessage m = new SluiceMessage();
            m.setJMSReplyTo(d);
            assertThat(CodecFixtures.roundTrip(m).getJMSReplyTo()).isEqualTo(d);
        }
        SluiceMessage foreign = new SluiceMessage();
        foreign.setJMSReplyTo((Queue) () -> "foreign-q");
        assertThat(CodecFixtures.roundTrip(foreign).getJMSReplyTo()).isEqualTo(new SluiceQueue("foreign-q"));

        SluiceMessage unknown = new SluiceMessage();
        unknown.setJMSReplyTo(new Destination() {});
        assertThatThrownBy(() -> new MessageCodec().encode(unknown, 1)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void aRecordWithoutJmsMetadataIsABytesMessage() throws Exception {
        ByteBuf[] batch = new ByteBuf[1];
        Record record = CodecFixtures.record(
                batch,
                77L,
                (byte) 0,
                "k".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, 3},
                List.of(Header.of("other", new byte[] {9})));
        try {
            SluiceMessage m = new MessageCodec().decode(record, DeliveryInfo.of(PRICES, 4, 1));
            assertThat(m).isInstanceOf(SluiceBytesMessage.class);
            SluiceBytesMessage b = (SluiceBytesMessage) m;
            assertThat(b.getBodyLength()).isEqualTo(3);
            assertThat(b.getBody(byte[].class)).containsExactly(1, 2, 3);
            assertThat(b.getJMSMessageID()).isEqualTo("ID:prices-4-" + record.offset());
            assertThat(b.getJMSTimestamp()).isEqualTo(77L);
            assertThat(b.getJMSDestination()).isEqualTo(PRICES);
            assertThat(b.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(b.getJMSPriority()).isEqualTo(4);
            assertThat(Collections.list(b.getPropertyNames())).containsExactly(Jmsx.DELIVERY_COUNT);
        } finally {
            batch[0].release();
        }
        Record nullValue = CodecFixtures.record(batch, 1L, (byte) 0, null, null, List.of());
        try {
            SluiceBytesMessage b =
                    (SluiceBytesMessage) new MessageCodec().decode(nullValue, DeliveryInfo.of(PRICES, 0, 1));
            assertThat(b.getBodyLength()).isZero();
        } finally {
            batch[0].release();
        }
    }

    @Test
    void theDecodedMessageOutlivesTheBatch() throws Exception {
        EncodedMessage e = new MessageCodec().encode(new SluiceTextMessage("keep"), 1);
        ByteBuf[] batch = new ByteBuf[1];
        Record record = CodecFixtures.record(batch, e.timestampMs(), e.attributes(), e.key(), e.value(), e.headers());
        SluiceMessage m = new MessageCodec().decode(record, DeliveryInfo.of(PRICES, 0, 1));
        batch[0].release();
        assertThat(((SluiceTextMessage) m).getText()).isEqualTo("keep");
    }

    // ---- corrupt input

    private static byte[] metadata() {
        ByteBuf buf = Unpooled.buffer();
        new JmsMetadata().encode(buf);
        return ByteBufUtil.getBytes(buf);
    }

    private static MessageFormatException decodeFails(BodyType type, byte[] value, byte[] metadata) {
        ByteBuf[] batch = new ByteBuf[1];
        Record record = CodecFixtures.record(
                batch, 1L, type.code(), null, value, List.of(Header.of(JmsMetadata.HEADER_KEY, metadata)));
        try {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                    () -> new MessageCodec().decode(record, DeliveryInfo.of(PRICES, 0, 1)));
            assertThat(t).isInstanceOf(MessageFormatException.class);
            assertThat(t.getMessage()).contains("offset " + record.offset()).contains("prices");
            return (MessageFormatException) t;
        } finally {
            batch[0].release();
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void corruptMapAndStreamBodiesFailClearly() {
        // varint zig-zag: 2 -> 0x04, 1 -> 0x02, -1 -> 0x01; 0x7fffffff -> ff ff ff ff 0f
        assertThat(decodeFails(BodyType.STREAM, bytes(0xfe, 0xff, 0xff, 0xff, 0x0f), metadata())
                        .getMessage())
                .contains("claims 2147483647 values");
        assertThat(decodeFails(BodyType.MAP, bytes(0xfe, 0xff, 0xff, 0xff, 0x0f), metadata())
                        .getMessage())
                .contains("claims 2147483647 values");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x01), metadata()).getMessage())
                .contains("claims -1");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x08, 0xfe, 0xff, 0xff, 0xff, 0x0f), metadata())
                        .getMessage())
                .as("a forged string length")
                .contains("length 2147483647");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x0a, 0x7e, 1), metadata())
                        .getMessage())
                .as("a forged byte[] length")
                .contains("length 63");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x63), metadata()).getMessage())
                .contains("unknown value tag 99");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x04, 0, 0), metadata())
                        .getMessage())
                .contains("truncated");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x01, 0x07), metadata())
                        .getMessage())
                .contains("neither 0 nor 1");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x00, 0x00), metadata())
                        .getMessage())
                .contains("follow the last value");
        assertThat(decodeFails(BodyType.STREAM, bytes(0x02, 0x08, 0x80), metadata())
                        .getMessage())
                .as("a varint cut short")
                .contains("varint");
        assertThat(decodeFails(BodyType.MAP, bytes(0x04, 0x02, 'a', 0x00, 0x02, 'a', 0x00), metadata())
                        .getMessage())
                .contains("'a' appears twice");
        assertThat(decodeFails(BodyType.MAP, bytes(0x02, 0x00, 0x00, 0x00), metadata())
                        .getMessage())
                .contains("empty name");
    }

    @Test
    void corruptMetadataFailsClearly() {
        byte[] good = metadata();
        byte[] truncated = java.util.Arrays.copyOf(good, 10);
        assertThat(decodeFails(BodyType.TEXT, null, truncated).getMessage()).contains("shorter than");
        byte[] badVersion = good.clone();
        badVersion[0] = 9;
        assertThat(decodeFails(BodyType.TEXT, null, badVersion).getMessage()).contains("version 9");
        byte[] badPriority = good.clone();
        badPriority[3] = 12;
        assertThat(decodeFails(BodyType.TEXT, null, badPriority).getMessage()).contains("priority 12");
        byte[] forgedCount = java.util.Arrays.copyOf(good, good.length + 4);
        forgedCount[good.length - 1] = (byte) 0xfe; // property count varint, now claims far too many
        forgedCount[good.length] = (byte) 0xff;
        forgedCount[good.length + 1] = (byte) 0xff;
        forgedCount[good.length + 2] = (byte) 0xff;
        forgedCount[good.length + 3] = 0x0f;
        assertThat(decodeFails(BodyType.TEXT, null, forgedCount).getMessage()).contains("properties");
    }

    @Test
    void aMessageWithoutBodyMustNotCarryAValue() {
        assertThat(decodeFails(BodyType.MESSAGE, new byte[] {1}, metadata()).getMessage())
                .contains("1-byte value");
    }

    @Test
    void deliveryInfoIsValidated() {
        assertThatThrownBy(() -> new DeliveryInfo(PRICES, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryInfo(PRICES, 0, 1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryInfo(null, 0, 1, false)).isInstanceOf(NullPointerException.class);
        assertThat(DeliveryInfo.of(PRICES, 0, 3).redelivered()).isTrue();
    }
}
