package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VarintTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 63, -64, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void intsRoundTripInTheSizeTheyClaim(int value) {
        ByteBuf buf = Unpooled.buffer();
        Varint.writeInt(value, buf);
        assertThat(buf.readableBytes()).isEqualTo(Varint.sizeOfInt(value));
        assertThat(Varint.readInt(buf)).isEqualTo(value);
        assertThat(buf.isReadable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE})
    void longsRoundTripInTheSizeTheyClaim(long value) {
        ByteBuf buf = Unpooled.buffer();
        Varint.writeLong(value, buf);
        assertThat(buf.readableBytes()).isEqualTo(Varint.sizeOfLong(value));
        assertThat(Varint.readLong(buf)).isEqualTo(value);
    }

    @Test
    void smallMagnitudesTakeOneByte() {
        assertThat(Varint.sizeOfInt(-1)).isEqualTo(1);
        assertThat(Varint.sizeOfInt(63)).isEqualTo(1);
        assertThat(Varint.sizeOfInt(64)).isEqualTo(2);
    }

    @Test
    void rejectsAnEndlessRunOfContinuationBytes() {
        ByteBuf buf =
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        assertThatThrownBy(() -> Varint.readInt(buf))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("longer than 5 bytes");
        ByteBuf longBuf = Unpooled.buffer();
        longBuf.writeBytes(new byte[11]).setByte(0, 0x80);
        for (int i = 0; i < 11; i++) {
            longBuf.setByte(i, 0x80);
        }
        assertThatThrownBy(() -> Varint.readLong(longBuf)).hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void rejectsATruncatedVarint() {
        assertThatThrownBy(() -> Varint.readInt(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80})))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("truncated");
    }
}
