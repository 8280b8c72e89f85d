package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Varint;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OffsetRangesTest {

    @Test
    void mergesTouchingAndOverlappingRanges() {
        OffsetRanges r = new OffsetRanges();
        r.add(10, 20);
        r.add(30, 40);
        r.add(20, 25);
        assertThat(r.toString()).isEqualTo("[10..24, 30..39]");
        r.add(24, 31);
        assertThat(r.toString()).isEqualTo("[10..39]");
        r.add(0, 5);
        r.add(50);
        r.add(51);
        assertThat(r.toString()).isEqualTo("[0..4, 10..39, 50..51]");
        assertThat(r.rangeCount()).isEqualTo(3);
        assertThat(r.offsetCount()).isEqualTo(5 + 30 + 2);
    }

    @Test
    void removeSplitsAndTrims() {
        OffsetRanges r = new OffsetRanges();
        r.add(0, 100);
        r.remove(10, 20);
        assertThat(r.toString()).isEqualTo("[0..9, 20..99]");
        r.remove(5, 25);
        assertThat(r.toString()).isEqualTo("[0..4, 25..99]");
        r.removeBelow(30);
        assertThat(r.toString()).isEqualTo("[30..99]");
        r.remove(90, 200);
        assertThat(r.toString()).isEqualTo("[30..89]");
        assertThat(r.contains(29)).isFalse();
        assertThat(r.contains(30)).isTrue();
        assertThat(r.contains(89)).isTrue();
        assertThat(r.contains(90)).isFalse();
        assertThat(r.endOfRangeContaining(40)).isEqualTo(90);
        assertThat(r.endOfRangeContaining(95)).isEqualTo(95);
    }

    @Test
    void behavesLikeASetOfOffsets() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            OffsetRanges r = new OffsetRanges();
            TreeSet<Long> model = new TreeSet<>();
            for (int i = 0; i < 100; i++) {
                long a = random.nextInt(200);
                long b = a + random.nextInt(15);
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        r.add(a, b);
                        for (long o = a; o < b; o++) {
                            model.add(o);
                        }
                    }
                    case 2 -> {
                        r.remove(a, b);
                        for (long o = a; o < b; o++) {
                            model.remove(o);
                        }
                    }
                    default -> {
                        r.removeBelow(a / 4);
                        model.headSet(a / 4).clear();
                    }
                }
                assertSame(r, model);
            }
            ByteBuf buf = Unpooled.buffer();
            r.encode(buf);
            assertThat(OffsetRanges.decode(buf)).isEqualTo(r);
            assertThat(buf.isReadable()).isFalse();
        }
    }

    private static void assertSame(OffsetRanges r, TreeSet<Long> model) {
        assertThat(r.offsetCount()).isEqualTo(model.size());
        for (long o = 0; o < 220; o++) {
            assertThat(r.contains(o)).as("offset %d in %s", o, r).isEqualTo(model.contains(o));
        }
        for (int i = 1; i < r.rangeCount(); i++) {
            assertThat(r.start(i)).as("ranges are disjoint and not adjacent").isGreaterThan(r.end(i - 1));
        }
    }

    @Test
    void decodeRejectsMalformedRanges() {
        ByteBuf overlapping = Unpooled.buffer();
        Varint.writeInt(2, overlapping);
        Varint.writeLong(5, overlapping);
        Varint.writeLong(3, overlapping);
        Varint.writeLong(0, overlapping); // gap 0 after the first range: adjacent, not canonical
        Varint.writeLong(1, overlapping);
        assertThatThrownBy(() -> OffsetRanges.decode(overlapping)).isInstanceOf(InvalidRecordException.class);

        ByteBuf huge = Unpooled.buffer();
        Varint.writeInt(1_000_000, huge);
        assertThatThrownBy(() -> OffsetRanges.decode(huge))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("1000000");

        ByteBuf empty = Unpooled.buffer();
        Varint.writeInt(1, empty);
        Varint.writeLong(5, empty);
        Varint.writeLong(0, empty);
        assertThatThrownBy(() -> OffsetRanges.decode(empty)).isInstanceOf(InvalidRecordException.class);
    }
}
