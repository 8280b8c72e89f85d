package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.BrowseResponse;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves BROWSE on a queue's subscription: the records a consumer could take now (not
 * acknowledged, not acquired, not being moved, not expired, delivery time reached) that the
 * selector matches, in offset order, partition after partition. A page ends after {@code
 * maxMessages} records or after scanning a bounded number of bytes, so a large queue never holds
 * its executor for long; the positions say where the next page starts.
 *
 * <p>Not thread-safe; runs on the queue subscription's executor.
 */
final class Browser {
    /** Most records in one page. */
    static final int MAX_PAGE = 1000;

    private Browser() {}

    static BrowsePage browse(
            Subscription sub, Selector selector, List<BrowseRequest.Position> positions, int maxMessages) {
        int partitions = sub.cursors.length;
        long[] next = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            next[p] = sub.cursors[p].startOffset();
        }
        if (positions != null) {
            for (BrowseRequest.Position pos : positions) {
                if (pos.partition() >= 0 && pos.partition() < partitions) {
                    next[pos.partition()] = Math.max(next[pos.partition()], pos.offset());
                }
            }
        }
        int limit = Math.min(maxMessages, MAX_PAGE);
        long budget = 4L * sub.rt.config().readBytes();
        long now = sub.rt.clock().millis();
        List<BrowseResponse.BrowsedMessage> messages = new ArrayList<>();
        List<ByteBuf> buffers = new ArrayList<>();
        RecordSelectorContext context = new RecordSelectorContext(sub.def.topic());
        boolean end = true;
        for (int p = 0; p < partitions && end; p++) {
            PartitionLog log = sub.partitions[p].log();
            next[p] = Math.max(next[p], log.logStartOffset());
            while (next[p] < log.highWatermark()) {
                if (messages.size() >= limit || budget <= 0) {
                    end = false;
                    break;
                }
                LogReadResult read;
                try {
                    read = log.read(next[p], sub.rt.config().readBytes());
                } catch (OffsetOutOfRangeException e) {
                    next[p] = log.logStartOffset();
                    continue;
                }
                try {
                    budget -= read.records().readableBytes();
                    next[p] = scan(sub, p, read, next[p], selector, context, now, limit, messages, buffers);
                } finally {
                    read.close();
                }
            }
        }
        List<BrowseRequest.Position> resume = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            resume.add(new BrowseRequest.Position(p, next[p]));
        }
        return new BrowsePage(new BrowseResponse(messages, resume, end), buffers);
    }

    /** Collects the browsable records of one read; returns the offset to continue at. */
    private static long scan(
            Subscription sub,
            int p,
            LogReadResult read,
            long from,
            Selector selector,
            RecordSelectorContext context,
            long now,
            int limit,
            List<BrowseResponse.BrowsedMessage> messages,
            List<ByteBuf> buffers) {
        ByteBuf in = read.records().duplicate();
        long next = from;
        while (in.isReadable()) {
            RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
            if (batch.lastOffset() < next) {
                continue;
            }
            for (Record r : batch) {
                if (r.offset() < next) {
                    continue;
                }
                if (messages.size() >= limit) {
                    return next;
                }
                next = r.offset() + 1;
                int count = browsableCount(sub.cursors[p], r, batch, now);
                if (count < 0) {
                    continue;
                }
                ByteBuf jms = jmsHeader(r);
                if (!selector.isMatchAll() && !matches(selector, context.reset(p, r, jms, count + 1))) {
                    continue;
                }
                ByteBuf raw = r.rawBytes().retain();
                buffers.add(raw);
                messages.add(
                        new BrowseResponse.BrowsedMessage(p, count, batch.baseOffset(), batch.firstTimestamp(), raw));
            }
        }
        return next;
    }

    /** The delivery count of a record a consumer could take now, or -1 if it is not available. */
    private static int browsableCount(PartitionCursor cursor, Record r, RecordBatch batch, long now) {
        long offset = r.offset();
        if (batch.isControl() || offset < cursor.startOffset()) {
            return -1;
        }
        if (offset < cursor.readOffset()) {
            int slot = cursor.slotOf(offset);
            if (slot < 0 || cursor.state(slot) != PartitionCursor.AVAILABLE || cursor.isExpired(slot, now)) {
                return -1;
            }
            return cursor.deliveryCount(slot);
        }
        if (cursor.isRecoveredAcked(offset)) {
            return -1;
        }
        ByteBuf jms = jmsHeader(r);
        if (jms != null) {
            try {
                long expiration = JmsMetadata.peekExpiration(jms);
                if ((expiration != 0 && expiration <= now) || JmsMetadata.peekDeliveryTime(jms) > now) {
                    return -1;
                }
            } catch (RuntimeException e) {
                // malformed metadata: shown as it is; a consumer would get it as an error
            }
        }
        return cursor.recoveredDeliveryCount(offset);
    }

    private static ByteBuf jmsHeader(Record r) {
        try {
            return r.headerCount() == 0 ? null : r.header(JmsMetadata.HEADER_KEY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean matches(Selector selector, RecordSelectorContext context) {
        try {
            return selector.matches(context);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
