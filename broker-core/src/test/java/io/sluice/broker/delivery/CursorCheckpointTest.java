package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CursorCheckpointTest {

    @Test
    void startMovesOverAcknowledgedRunsOnly() {
        CursorCheckpoint c = new CursorCheckpoint(10);
        c.ack(12, 14);
        assertThat(c.start()).isEqualTo(10);
        assertThat(c.isAcked(9)).isTrue();
        assertThat(c.isAcked(10)).isFalse();
        assertThat(c.isAcked(13)).isTrue();
        c.ack(10, 11);
        assertThat(c.start()).isEqualTo(15);
        assertThat(c.acked().isEmpty()).isTrue();
        c.ack(3, 5);
        assertThat(c.start()).isEqualTo(15);
    }

    @Test
    void deliveryCountsAreCanonical() {
        CursorCheckpoint c = new CursorCheckpoint(0);
        c.delivered(0, 9);
        assertThat(c.deliveryCount(4)).isEqualTo(1);
        c.count(4, 2);
        c.count(5, 0);
        c.count(20, 7);
        assertThat(c.deliveryCount(4)).isEqualTo(2);
        assertThat(c.deliveryCount(5)).isZero();
        assertThat(c.deliveryCount(20)).isEqualTo(7);
        assertThat(c.delivered().toString()).isEqualTo("[0..3, 6..9]");
        c.count(4, 1);
        assertThat(c.delivered().toString()).isEqualTo("[0..4, 6..9]");
        assertThat(c.counts().size()).isEqualTo(1);
        c.ack(0, 25);
        assertThat(c.start()).isEqualTo(26);
        assertThat(c.delivered().isEmpty()).isTrue();
        assertThat(c.counts().isEmpty()).isTrue();
        assertThat(c.deliveryCount(20)).isZero();
    }

    @Test
    void encodesAndDecodesSubscriptionState() {
        CursorCheckpoint p0 = new CursorCheckpoint(100);
        p0.ack(105, 110);
        p0.delivered(100, 104);
        p0.count(102, 4);
        CursorCheckpoint p1 = new CursorCheckpoint(7);
        MoveIntent pending =
                new MoveIntent(3, "DLQ", 0, 55, (short) 0, 9, List.of(new MoveIntent.Entry(1, 8, MoveReason.EXPIRED)));
        SubscriptionCheckpoint s = new SubscriptionCheckpoint(new CursorCheckpoint[] {p0, p1}, 4, List.of(pending));
        ByteBuf buf = Unpooled.buffer();
        s.encode(buf);
        SubscriptionCheckpoint decoded = SubscriptionCheckpoint.decode(buf);
        assertThat(decoded).isEqualTo(s);
        assertThat(decoded.partition(0).deliveryCount(102)).isEqualTo(4);
        assertThat(decoded.pendingMoves()).containsExactly(pending);
        assertThat(decoded.nextMoveId()).isEqualTo(4);

        decoded.moveEnd(3);
        assertThat(decoded.pendingMoves()).isEmpty();
        buf.resetReaderIndex();
        ByteBuf truncated = buf.copy(0, buf.readableBytes() - 1);
        assertThatThrownBy(() -> SubscriptionCheckpoint.decode(truncated)).isInstanceOf(RuntimeException.class);
        ByteBuf wrongVersion = buf.copy();
        wrongVersion.setByte(0, 2);
        assertThatThrownBy(() -> SubscriptionCheckpoint.decode(wrongVersion))
                .isInstanceOf(InvalidRecordException.class);
    }
}
