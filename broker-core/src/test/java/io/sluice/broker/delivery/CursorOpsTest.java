package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CursorOpsTest {

    /** Records decoded ops as strings. */
    private static class Recorder implements CursorOps.Handler {
        final List<String> ops = new ArrayList<>();

        @Override
        public void ack(int partition, long first, long last) {
            ops.add("ack " + partition + ":" + first + ".." + last);
        }

        @Override
        public void delivered(int partition, long first, long last) {
            ops.add("delivered " + partition + ":" + first + ".." + last);
        }

        @Override
        public void count(int partition, long offset, int count) {
            ops.add("count " + partition + ":" + offset + "=" + count);
        }

        @Override
        public void moveBegin(MoveIntent intent) {
            ops.add("begin " + intent);
        }

        @Override
        public void moveEnd(long moveId) {
            ops.add("end " + moveId);
        }
    }

    @Test
    void consecutiveOffsetsMergeIntoOneOp() {
        CursorOps ops = new CursorOps(77);
        for (long o = 100; o < 1100; o++) {
            ops.delivered(0, o);
        }
        for (long o = 100; o < 1000; o++) {
            ops.ack(0, o);
        }
        ops.ack(1, 5);
        ops.ack(0, 1000);
        ops.count(0, 1050, 3);
        ops.delivered(0, 1100); // not merged into the first op: that would reorder it after the acks
        assertThat(ops.size()).isEqualTo(6);
        ByteBuf buf = Unpooled.buffer();
        ops.writeTo(buf);
        assertThat(ops.isEmpty()).isTrue();
        assertThat(CursorOps.subscriptionIdOf(buf)).isEqualTo(77);
        Recorder r = new Recorder();
        CursorOps.read(buf, r);
        assertThat(r.ops)
                .containsExactly(
                        "delivered 0:100..1099",
                        "ack 0:100..999",
                        "ack 1:5..5",
                        "ack 0:1000..1000",
                        "count 0:1050=3",
                        "delivered 0:1100..1100");
        assertThat(buf.readableBytes()).as("a run costs a few bytes").isLessThan(40);
    }

    @Test
    void moveIntentsRoundTrip() {
        MoveIntent intent = new MoveIntent(
                4,
                "DLQ",
                2,
                1234,
                (short) 0,
                17,
                List.of(
                        new MoveIntent.Entry(0, 10, MoveReason.MAX_DELIVERIES),
                        new MoveIntent.Entry(1, 3, MoveReason.REJECTED)));
        CursorOps ops = new CursorOps(1);
        ops.moveBegin(intent);
        ops.moveEnd(4);
        ByteBuf buf = Unpooled.buffer();
        ops.writeTo(buf);
        List<MoveIntent> begun = new ArrayList<>();
        Recorder r = new Recorder() {
            @Override
            public void moveBegin(MoveIntent i) {
                begun.add(i);
                super.moveBegin(i);
            }
        };
        CursorOps.read(buf, r);
        assertThat(begun).containsExactly(intent);
        assertThat(r.ops).last().isEqualTo("end 4");
    }

    @Test
    void malformedRecordsAreRefused() {
        CursorOps ops = new CursorOps(1);
        ops.ack(0, 5);
        ByteBuf good = Unpooled.buffer();
        ops.writeTo(good);
        for (int cut = 0; cut < good.readableBytes(); cut++) {
            ByteBuf truncated = good.copy(0, cut);
            assertThatThrownBy(() -> CursorOps.read(truncated, new Recorder()))
                    .as("cut at %d", cut)
                    .isInstanceOf(RuntimeException.class);
        }
        ByteBuf trailing = Unpooled.buffer().writeBytes(good.duplicate()).writeByte(0);
        assertThatThrownBy(() -> CursorOps.read(trailing, new Recorder()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("trailing");
        ByteBuf badVersion = good.copy();
        badVersion.setByte(0, 9);
        assertThatThrownBy(() -> CursorOps.read(badVersion, new Recorder()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("version 9");
        ByteBuf badTag = good.copy();
        badTag.setByte(3, 42);
        assertThatThrownBy(() -> CursorOps.read(badTag, new Recorder()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("tag 42");
    }
}
