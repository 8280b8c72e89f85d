package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionCursorTest {
    private static final long NOW = 1_000_000L;

    private static PartitionCursor cursor(long start, int maxMessages) {
        return new PartitionCursor(0, new CursorCheckpoint(start), null, maxMessages, Long.MAX_VALUE);
    }

    private static int admit(PartitionCursor c, long offset) {
        return c.admit(offset, 100, 4, 0, 0, 0, NOW);
    }

    /** Acquires the next record dispatch would pick; returns its offset or -1. */
    private static long takeNext(PartitionCursor c) {
        int p = c.highestAvailablePriority();
        if (p < 0) {
            return -1;
        }
        int slot = c.nextAvailable(p, 0);
        c.acquire(slot);
        return c.offset(slot);
    }

    @Test
    void recordsMoveFromAvailableToAcquiredToAcknowledged() {
        PartitionCursor c = cursor(5, 100);
        for (long o = 5; o < 10; o++) {
            admit(c, o);
        }
        assertThat(c.readOffset()).isEqualTo(10);
        assertThat(c.startOffset()).isEqualTo(5);
        assertThat(takeNext(c)).isEqualTo(5);
        assertThat(takeNext(c)).isEqualTo(6);
        int slot6 = c.slotOf(6);
        assertThat(c.state(slot6)).isEqualTo(PartitionCursor.ACQUIRED);
        assertThat(c.deliveryCount(slot6)).isEqualTo(1);
        c.settle(slot6);
        assertThat(c.slotOf(6)).isEqualTo(-1);
        assertThat(c.startOffset()).as("5 is still unacknowledged").isEqualTo(5);
        c.settle(c.slotOf(5));
        assertThat(c.startOffset()).isEqualTo(7);
        assertThat(c.liveCount()).isEqualTo(3);
        assertThat(c.acquire(c.slotOf(7))).isEqualTo(1);
    }

    @Test
    void windowIsBoundedByCountAndBytes() {
        PartitionCursor byCount = cursor(0, 3);
        for (long o = 0; o < 3; o++) {
            assertThat(byCount.hasRoom()).isTrue();
            admit(byCount, o);
        }
        assertThat(byCount.hasRoom()).isFalse();
        byCount.settle(byCount.slotOf(1));
        assertThat(byCount.hasRoom()).isTrue();

        PartitionCursor byBytes = new PartitionCursor(0, new CursorCheckpoint(0), null, 1000, 250);
        byBytes.admit(0, 1000, 4, 0, 0, 0, NOW);
        assertThat(byBytes.hasRoom())
                .as("one record always fits, however large")
                .isFalse();
        byBytes.settle(byBytes.slotOf(0));
        byBytes.admit(1, 100, 4, 0, 0, 0, NOW);
        byBytes.admit(2, 100, 4, 0, 0, 0, NOW);
        assertThat(byBytes.hasRoom()).isTrue();
        byBytes.admit(3, 100, 4, 0, 0, 0, NOW);
        assertThat(byBytes.hasRoom()).isFalse();
        assertThat(byBytes.liveBytes()).isEqualTo(300);
    }

    @Test
    void higherPriorityFirstThenLowerOffset() {
        PartitionCursor c = cursor(0, 100);
        int[] priorities = {4, 9, 0, 9, 4, 7};
        for (int o = 0; o < priorities.length; o++) {
            c.admit(o, 10, priorities[o], 0, 0, 0, NOW);
        }
        List<Long> order = new ArrayList<>();
        for (long o; (o = takeNext(c)) >= 0; ) {
            order.add(o);
        }
        assertThat(order).containsExactly(1L, 3L, 5L, 0L, 4L, 2L);
    }

    @Test
    void delayedRecordsDoNotHoldBackOthers() {
        PartitionCursor c = cursor(0, 100);
        c.admit(0, 10, 4, 0, NOW + 500, 0, NOW);
        c.admit(1, 10, 4, 0, 0, 0, NOW);
        c.admit(2, 10, 4, 0, NOW + 100, 0, NOW);
        assertThat(c.state(c.slotOf(0))).isEqualTo(PartitionCursor.DELAYED);
        assertThat(c.nextDueMs()).isEqualTo(NOW + 100);
        assertThat(takeNext(c)).isEqualTo(1);
        assertThat(takeNext(c)).isEqualTo(-1);
        assertThat(c.promoteDue(NOW + 99)).isFalse();
        assertThat(c.promoteDue(NOW + 100)).isTrue();
        assertThat(c.nextDueMs()).isEqualTo(NOW + 500);
        assertThat(takeNext(c)).isEqualTo(2);
        assertThat(c.promoteDue(NOW + 600)).isTrue();
        assertThat(takeNext(c)).isEqualTo(0);
        assertThat(c.nextDueMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void expiryIsVisibleAtDispatch() {
        PartitionCursor c = cursor(0, 10);
        int never = c.admit(0, 10, 4, 0, 0, 0, NOW);
        int soon = c.admit(1, 10, 4, NOW + 10, 0, 0, NOW);
        assertThat(c.isExpired(never, NOW + 1_000_000)).isFalse();
        assertThat(c.isExpired(soon, NOW + 9)).isFalse();
        assertThat(c.isExpired(soon, NOW + 10)).isTrue();
    }

    @Test
    void releaseCountsTheAttemptUnlessUndelivered() {
        PartitionCursor c = cursor(0, 10);
        int slot = admit(c, 0);
        assertThat(c.acquire(slot)).isEqualTo(1);
        assertThat(c.release(slot, true, NOW, NOW)).isEqualTo(1);
        assertThat(c.acquire(slot)).isEqualTo(2);
        assertThat(c.release(slot, false, NOW, NOW)).as("taken back").isEqualTo(1);
        assertThat(c.acquire(slot)).isEqualTo(2);
        assertThat(c.release(slot, true, NOW + 250, NOW)).isEqualTo(2);
        assertThat(c.state(slot)).as("redelivery delay").isEqualTo(PartitionCursor.DELAYED);
        assertThat(takeNext(c)).isEqualTo(-1);
        c.promoteDue(NOW + 250);
        assertThat(takeNext(c)).isZero();
        assertThatThrownBy(() -> c.acquire(slot)).isInstanceOf(IllegalStateException.class);
        c.settle(slot);
        assertThatThrownBy(() -> c.release(slot, true, NOW, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneHeldRecordDoesNotStopTheWindow() {
        PartitionCursor c = cursor(0, 8);
        admit(c, 0);
        takeNext(c); // held for the whole test
        long next = 1;
        for (int round = 0; round < 1000; round++) {
            while (c.hasRoom()) {
                admit(c, next++);
            }
            long o = takeNext(c);
            assertThat(o).isEqualTo(next - 7);
            c.settle(c.slotOf(o));
        }
        assertThat(c.startOffset()).isZero();
        assertThat(c.liveCount()).isEqualTo(7);
        assertThat(c.slotOf(0)).isGreaterThanOrEqualTo(0);
        CursorCheckpoint cp = c.checkpoint();
        assertThat(cp.start()).isZero();
        assertThat(cp.deliveryCount(0)).isEqualTo(1);
        assertThat(cp.isAcked(1)).isTrue();
        assertThat(cp.isAcked(next - 1)).isFalse();
    }

    @Test
    void recoveredStateAppliesAsRecordsAreRead() {
        CursorCheckpoint recovered = new CursorCheckpoint(10);
        recovered.ack(12, 13);
        recovered.delivered(11, 11);
        recovered.count(14, 3);
        PartitionCursor c = new PartitionCursor(0, recovered, null, 100, Long.MAX_VALUE);
        assertThat(c.readOffset()).isEqualTo(10);
        assertThat(c.deliveryCount(admit(c, 10))).isZero();
        assertThat(c.deliveryCount(admit(c, 11))).isEqualTo(1);
        assertThat(c.isRecoveredAcked(12)).isTrue();
        assertThat(c.skipRecoveredAcked(12)).isEqualTo(14);
        c.skipTo(14);
        assertThat(c.deliveryCount(admit(c, 14))).isEqualTo(3);
        assertThat(c.checkpoint()).isEqualTo(recovered);
    }

    @Test
    void retentionLossAcknowledgesWhatWasDeleted() {
        CursorOps ops = new CursorOps(1);
        PartitionCursor c = new PartitionCursor(0, new CursorCheckpoint(0), ops, 100, Long.MAX_VALUE);
        admit(c, 0);
        admit(c, 1);
        c.loseBefore(5);
        assertThat(c.liveCount()).isZero();
        assertThat(c.readOffset()).isEqualTo(5);
        assertThat(c.startOffset()).isEqualTo(5);
        SubscriptionCheckpoint replayed = new SubscriptionCheckpoint(new long[] {0});
        replay(ops, replayed);
        assertThat(replayed.partition(0).start()).isEqualTo(5);
    }

    /**
     * Random workloads: the cursor's own checkpoint, a replay of all its ops from the start, and a
     * snapshot taken midway plus a replay of the ops after it all agree.
     */
    @Test
    void snapshotPlusReplayEqualsFullReplayEqualsLiveState() {
        Random random = new Random(2024);
        for (int run = 0; run < 200; run++) {
            CursorOps ops = new CursorOps(1);
            PartitionCursor c = new PartitionCursor(0, new CursorCheckpoint(0), ops, 1 + random.nextInt(30), 10_000);
            SubscriptionCheckpoint full = new SubscriptionCheckpoint(new long[] {0});
            SubscriptionCheckpoint fromSnapshot = null;
            List<ByteBuf> log = new ArrayList<>();
            long next = 0;
            for (int step = 0; step < 400; step++) {
                int action = random.nextInt(10);
                if (action < 3 && c.hasRoom()) {
                    if (random.nextInt(5) == 0) {
                        c.skip(next++);
                    } else {
                        c.admit(next++, 10, random.nextInt(10), 0, 0, 0, NOW);
                    }
                } else if (action < 6) {
                    takeNext(c);
                } else {
                    int slot = randomLiveSlot(c, random);
                    if (slot >= 0) {
                        byte state = c.state(slot);
                        if (state == PartitionCursor.ACQUIRED && action < 8) {
                            c.release(slot, random.nextBoolean(), NOW, NOW);
                        } else if (state == PartitionCursor.ACQUIRED || action == 9) {
                            c.settle(slot);
                        }
                    }
                }
                if (random.nextInt(4) == 0 && !ops.isEmpty()) {
                    ByteBuf record = Unpooled.buffer();
                    ops.writeTo(record);
                    log.add(record);
                    replay(record, full);
                    if (fromSnapshot != null) {
                        replay(record, fromSnapshot);
                    }
                    assertThat(full.partition(0)).isEqualTo(c.checkpoint());
                }
                if (fromSnapshot == null && step == 200) {
                    flush(ops, log, full, null);
                    ByteBuf snapshot = Unpooled.buffer();
                    new SubscriptionCheckpoint(new CursorCheckpoint[] {c.checkpoint()}, 0, List.of()).encode(snapshot);
                    fromSnapshot = SubscriptionCheckpoint.decode(snapshot);
                }
            }
            flush(ops, log, full, fromSnapshot);
            CursorCheckpoint live = c.checkpoint();
            assertThat(full.partition(0)).isEqualTo(live);
            assertThat(fromSnapshot.partition(0)).isEqualTo(live);
            // A cursor recovered from that state continues with the same durable view.
            PartitionCursor restarted = new PartitionCursor(0, live, null, 50, 10_000);
            assertThat(restarted.checkpoint()).isEqualTo(live);
        }
    }

    private static void flush(
            CursorOps ops, List<ByteBuf> log, SubscriptionCheckpoint full, SubscriptionCheckpoint fromSnapshot) {
        if (ops.isEmpty()) {
            return;
        }
        ByteBuf record = Unpooled.buffer();
        ops.writeTo(record);
        log.add(record);
        replay(record, full);
        if (fromSnapshot != null) {
            replay(record, fromSnapshot);
        }
    }

    private static void replay(CursorOps ops, SubscriptionCheckpoint target) {
        ByteBuf record = Unpooled.buffer();
        ops.writeTo(record);
        replay(record, target);
    }

    private static void replay(ByteBuf record, SubscriptionCheckpoint target) {
        CursorOps.read(record, target);
    }

    private static int randomLiveSlot(PartitionCursor c, Random random) {
        if (c.liveCount() == 0) {
            return -1;
        }
        for (int tries = 0; tries < 20; tries++) {
            int slot = c.headSlot() + random.nextInt(c.tailSlot() - c.headSlot());
            if (c.state(slot) != PartitionCursor.FREE) {
                return slot;
            }
        }
        return -1;
    }
}
