package io.sluice.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JmsMetadataTest {

    private static JmsMetadata full() {
        return new JmsMetadata()
                .persistent(false)
                .priority(9)
                .expiration(1_700_000_000_000L)
                .deliveryTime(1_700_000_000_500L)
                .timestampDisabled(true)
                .messageId("ID:abc-1")
                .correlationId("corr-ü")
                .type("OrderPlaced")
                .replyTo(new DestinationRef(DestinationKind.TEMPORARY_QUEUE, "tmp.1"))
                .property("b", true)
                .property("y", (byte) -3)
                .property("s", (short) 300)
                .property("i", 70_000)
                .property("l", Long.MIN_VALUE)
                .property("f", 1.5f)
                .property("d", Double.NaN)
                .property("str", "väl'ue");
    }

    @Test
    void everyFieldRoundTrips() {
        JmsMetadata original = full();
        ByteBuf buf = Unpooled.buffer();
        original.encode(buf);
        JmsMetadata read = JmsMetadata.decode(buf);

        assertThat(read.persistent()).isFalse();
        assertThat(read.priority()).isEqualTo(9);
        assertThat(read.expiration()).isEqualTo(1_700_000_000_000L);
        assertThat(read.deliveryTime()).isEqualTo(1_700_000_000_500L);
        assertThat(read.timestampDisabled()).isTrue();
        assertThat(read.messageId()).isEqualTo("ID:abc-1");
        assertThat(read.correlationId()).isEqualTo("corr-ü");
        assertThat(read.type()).isEqualTo("OrderPlaced");
        assertThat(read.replyTo()).isEqualTo(new DestinationRef(DestinationKind.TEMPORARY_QUEUE, "tmp.1"));
        assertThat(read.properties()).containsExactlyEntriesOf(original.properties());
        assertThat(read.property("d")).isInstanceOf(Double.class);
        assertThat(read.property("y")).isEqualTo((byte) -3);
        assertThat(buf.readerIndex())
                .as("decode does not move the reader index")
                .isZero();
    }

    @Test
    void defaultsAreCompact() {
        ByteBuf buf = Unpooled.buffer();
        new JmsMetadata().encode(buf);
        assertThat(buf.readableBytes()).isEqualTo(21);
        JmsMetadata read = JmsMetadata.decode(buf);
        assertThat(read.persistent()).isTrue();
        assertThat(read.priority()).isEqualTo(4);
        assertThat(read.messageId()).isNull();
        assertThat(read.correlationIdBytes()).isNull();
        assertThat(read.properties()).isEmpty();
    }

    @Test
    void bytesCorrelationIdsStayBytes() {
        byte[] id = {0, (byte) 0xff, 7};
        ByteBuf buf = Unpooled.buffer();
        new JmsMetadata().correlationIdBytes(id).encode(buf);
        assertThat(JmsMetadata.decode(buf).correlationIdBytes()).containsExactly(id);
    }

    @Test
    void theBrokerReadsPriorityExpiryAndDelayWithoutDecoding() {
        ByteBuf buf = Unpooled.buffer();
        full().encode(buf);
        assertThat(JmsMetadata.peekPriority(buf)).isEqualTo(9);
        assertThat(JmsMetadata.peekExpiration(buf)).isEqualTo(1_700_000_000_000L);
        assertThat(JmsMetadata.peekDeliveryTime(buf)).isEqualTo(1_700_000_000_500L);
        assertThat(JmsMetadata.peekPersistent(buf)).isFalse();
    }

    @Test
    void unsupportedPropertyTypesAndPrioritiesAreRefused() {
        assertThatThrownBy(() -> new JmsMetadata().property("x", new Object()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JmsMetadata().priority(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedOrCorruptMetadataIsAnInvalidRecord() {
        ByteBuf buf = Unpooled.buffer();
        full().encode(buf);
        for (int length = 0; length < buf.readableBytes(); length++) {
            ByteBuf cut = buf.slice(0, length);
            assertThatThrownBy(() -> JmsMetadata.decode(cut))
                    .as("cut to %d", length)
                    .isInstanceOf(InvalidRecordException.class);
        }
        Random random = new Random(3);
        for (int round = 0; round < 5_000; round++) {
            ByteBuf copy = Unpooled.copiedBuffer(buf);
            copy.setByte(random.nextInt(copy.readableBytes()), random.nextInt(256));
            try {
                JmsMetadata.decode(copy);
            } catch (InvalidRecordException expected) {
                // the only acceptable failure
            }
        }
    }
}
