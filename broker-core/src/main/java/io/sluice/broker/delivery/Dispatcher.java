package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.topic.TopicConfig;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work of a subscription's round: reading records from the logs into the cursor windows
 * (deciding on the way what a selector, noLocal or expiry removes), choosing records for consumers
 * with credit, and sending them.
 *
 * <p>Dispatch order: the highest priority available in any window first, then the lowest offset;
 * consumers of a shared subscription take turns (round robin), each taking only records its
 * selector matches. Records nobody can take stay available.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class Dispatcher {
    private final Subscription sub;
    private final RecordSelectorContext selectorContext;
    private int nextConsumer;
    private int rotation;

    Dispatcher(Subscription sub) {
        this.sub = sub;
        this.selectorContext = new RecordSelectorContext(sub.def.topic());
    }

    // ---- read-ahead ----

    /** Fills every window from its log, up to the window bounds and the high watermark. */
    void readAhead(TopicConfig config, long now) {
        for (int p = 0; p < sub.cursors.length; p++) {
            readAhead(p, config, now);
        }
    }

    private void readAhead(int p, TopicConfig config, long now) {
        PartitionCursor cursor = sub.cursors[p];
        PartitionLog log = sub.partitions[p].log();
        while (cursor.hasRoom()) {
            long logStart = log.logStartOffset();
            if (cursor.readOffset() < logStart || cursor.startOffset() < logStart) {
                cursor.loseBefore(logStart);
            }
            cursor.skipTo(cursor.skipRecoveredAcked(cursor.readOffset()));
            long from = cursor.readOffset();
            if (from >= log.highWatermark()) {
                return;
            }
            LogReadResult read;
            try {
                read = log.read(from, sub.rt.config().readBytes());
            } catch (OffsetOutOfRangeException e) {
                continue; // retention moved the log start meanwhile; loseBefore() catches up
            }
            if (read.isEmpty()) {
                read.close();
                return;
            }
            sub.fetcher.addChunk(p, read);
            ByteBuf in = read.records().duplicate();
            while (in.isReadable() && cursor.hasRoom()) {
                RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
                if (batch.lastOffset() < cursor.readOffset()) {
                    continue;
                }
                boolean skipBatch = batch.isControl() || sub.isLocal(batch.producerId());
                for (Record r : batch) {
                    if (r.offset() < cursor.readOffset()) {
                        continue;
                    }
                    if (!cursor.hasRoom()) {
                        break;
                    }
                    if (sub.holds.isHeld(p, r.offset())) {
                        return; // an operator is moving it: wait for the move to be decided
                    }
                    consider(cursor, p, r, skipBatch, config, now);
                }
            }
            if (cursor.readOffset() < read.nextOffset() && cursor.hasRoom()) {
                cursor.skipTo(read.nextOffset()); // only reachable through records that were all below readOffset
            }
        }
    }

    /** Decides what happens to one record read from the log. */
    private void consider(PartitionCursor cursor, int p, Record r, boolean skipBatch, TopicConfig config, long now) {
        long offset = r.offset();
        if (cursor.isRecoveredAcked(offset)) {
            cursor.skipTo(offset + 1);
            return;
        }
        if (skipBatch) {
            cursor.skip(offset);
            return;
        }
        ByteBuf jms = jmsHeader(r);
        int priority = JmsMetadata.DEFAULT_PRIORITY;
        long expiration = 0;
        long deliveryTime = 0;
        if (jms != null) {
            try {
                priority = JmsMetadata.peekPriority(jms);
                expiration = JmsMetadata.peekExpiration(jms);
                deliveryTime = JmsMetadata.peekDeliveryTime(jms);
            } catch (RuntimeException e) {
                jms = null; // malformed metadata: the consumer reports the record as an error
            }
        }
        boolean expired = expiration != 0 && expiration <= now;
        if (expired && !sub.mover.canMoveExpired(config)) {
            cursor.skip(offset);
            return;
        }
        int nextCount = cursor.recoveredDeliveryCount(offset) + 1;
        Selector selector = sub.def.selector();
        if (!selector.isMatchAll() && !matches(selector, p, r, jms, nextCount)) {
            cursor.skip(offset);
            return;
        }
        long mask = 0;
        if (!sub.groups.isEmpty()) {
            mask = masks(p, r, jms, nextCount);
        }
        int slot = cursor.admit(offset, r.sizeInBytes(), priority, expiration, deliveryTime, mask, now);
        if (expired) {
            sub.mover.expire(cursor, slot, config);
        }
    }

    private static ByteBuf jmsHeader(Record r) {
        if (r.headerCount() == 0) {
            return null;
        }
        try {
            return r.header(JmsMetadata.HEADER_KEY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean matches(Selector selector, int p, Record r, ByteBuf jms, int nextCount) {
        try {
            return selector.matches(selectorContext.reset(p, r, jms, nextCount));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private long masks(int p, Record r, ByteBuf jms, int nextCount) {
        long mask = 0;
        for (int g = 0; g < SelectorGroups.MAX_GROUPS; g++) {
            Selector s = sub.groups.selector(g);
            if (s != null && matches(s, p, r, jms, nextCount)) {
                mask |= 1L << g;
            }
        }
        return mask;
    }

    /** Computes a new selector group's bit for every record already in the windows. */
    void evaluateGroup(int group) {
        Selector selector = sub.groups.selector(group);
        for (int p = 0; p < sub.cursors.length; p++) {
            PartitionCursor cursor = sub.cursors[p];
            int n = 0;
            long[] offsets = new long[Math.max(1, cursor.liveCount())];
            for (int s = cursor.headSlot(); s < cursor.tailSlot() && n < offsets.length; s++) {
                if (cursor.state(s) != PartitionCursor.FREE) {
                    offsets[n++] = cursor.offset(s);
                }
            }
            if (n == 0) {
                continue;
            }
            int partition = p;
            sub.fetcher.fetch(sub.partitions[p].log(), p, offsets, n, new RecordFetcher.Sink() {
                @Override
                public void found(int index, long base, long ts, Record record, ByteBuf raw) {
                    try {
                        int slot = cursor.slotOf(record.offset());
                        if (slot >= 0) {
                            boolean match = matches(
                                    selector, partition, record, jmsHeader(record), cursor.deliveryCount(slot) + 1);
                            cursor.setMaskBit(slot, group, match);
                        }
                    } finally {
                        raw.release();
                    }
                }

                @Override
                public void lost(int index) {}
            });
        }
    }

    // ---- dispatch ----

    /** Chooses records for consumers with credit and sends them. */
    void dispatch(TopicConfig config, long now) {
        int credit = sub.totalCredit();
        if (credit == 0) {
            return;
        }
        List<Pick> picks = new ArrayList<>();
        int n = sub.cursors.length;
        int first = rotation++ % n;
        for (int priority = PartitionCursor.PRIORITIES - 1; priority >= 0 && credit > 0; priority--) {
            for (int i = 0; i < n && credit > 0; i++) {
                PartitionCursor cursor = sub.cursors[(first + i) % n];
                int slot = cursor.nextAvailable(priority, 0);
                while (slot >= 0 && credit > 0) {
                    int following = slot + 1;
                    if (cursor.isExpired(slot, now)) {
                        sub.mover.expire(cursor, slot, config);
                    } else if (sub.mover.mustDeadLetter(cursor.deliveryCount(slot), config)) {
                        sub.mover.deadLetter(cursor, slot, MoveReason.MAX_DELIVERIES, config, now);
                    } else {
                        Consumer consumer = pickConsumer(cursor.mask(slot));
                        if (consumer != null) {
                            int count = cursor.acquire(slot);
                            sub.acquired++;
                            consumer.credit--;
                            consumer.drained++;
                            credit--;
                            picks.add(new Pick(consumer, cursor.partition(), cursor.offset(slot), count));
                        }
                    }
                    slot = cursor.nextAvailable(priority, following);
                }
            }
        }
        if (!picks.isEmpty()) {
            // The delivery counts reach the cursor log (the page cache) before any consumer can
            // see the records: a broker killed after a push still knows the record was delivered.
            sub.flushOps();
            send(picks);
        }
    }

    private Consumer pickConsumer(long mask) {
        List<Consumer> consumers = sub.consumers;
        int n = consumers.size();
        for (int k = 0; k < n; k++) {
            int i = (nextConsumer + k) % n;
            Consumer c = consumers.get(i);
            if (c.accepts(mask)) {
                nextConsumer = (i + 1) % n;
                return c;
            }
        }
        return null;
    }

    /** A record chosen for a consumer, before its bytes are read. */
    private record Pick(Consumer consumer, int partition, long offset, int count) {}

    /** Reads the chosen records' bytes and hands them to their connections, in dispatch order. */
    private void send(List<Pick> picks) {
        Push[] pushes = new Push[picks.size()];
        try {
            for (int p = 0; p < sub.cursors.length; p++) {
                fetchPartition(picks, p, pushes);
            }
        } catch (RuntimeException e) {
            // Cannot read the records now: give everything back untouched, the next round retries.
            for (int i = 0; i < pushes.length; i++) {
                if (pushes[i] != null) {
                    ReferenceCountUtil.safeRelease(pushes[i].record());
                }
                Pick pick = picks.get(i);
                PartitionCursor cursor = sub.cursors[pick.partition()];
                int slot = cursor.slotOf(pick.offset());
                if (slot >= 0 && cursor.state(slot) == PartitionCursor.ACQUIRED) {
                    cursor.release(slot, false, 0, 0);
                    sub.acquired--;
                }
                pick.consumer().credit++;
                pick.consumer().drained--;
            }
            throw e;
        }
        Map<DeliverySession, List<Push>> bySession = new IdentityHashMap<>();
        for (int i = 0; i < pushes.length; i++) {
            Pick pick = picks.get(i);
            if (pushes[i] == null) {
                // Deleted by retention between read-ahead and now: nothing to deliver.
                PartitionCursor cursor = sub.cursors[pick.partition()];
                int slot = cursor.slotOf(pick.offset());
                if (slot >= 0) {
                    cursor.settle(slot);
                    sub.acquired--;
                }
                pick.consumer().credit++;
                pick.consumer().drained--;
                continue;
            }
            bySession
                    .computeIfAbsent(pick.consumer().session, s -> new ArrayList<>())
                    .add(pushes[i]);
        }
        bySession.forEach((session, list) -> session.deliver(sub, list));
    }

    private void fetchPartition(List<Pick> picks, int partition, Push[] pushes) {
        int[] indexes = new int[picks.size()];
        int n = 0;
        for (int i = 0; i < picks.size(); i++) {
            if (picks.get(i).partition() == partition) {
                indexes[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        Integer[] sorted = new Integer[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = indexes[i];
        }
        Arrays.sort(
                sorted,
                (a, b) -> Long.compare(picks.get(a).offset(), picks.get(b).offset()));
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = picks.get(sorted[i]).offset();
        }
        sub.fetcher.fetch(sub.partitions[partition].log(), partition, offsets, n, new RecordFetcher.Sink() {
            @Override
            public void found(int index, long base, long ts, Record record, ByteBuf raw) {
                Pick pick = picks.get(sorted[index]);
                pushes[sorted[index]] =
                        new Push(pick.consumer(), partition, pick.offset(), pick.count(), base, ts, raw);
            }

            @Override
            public void lost(int index) {}
        });
    }
}
