package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.InspectMessagesResponse;
import io.sluice.protocol.api.InspectMessagesResponse.State;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a page of INSPECT_MESSAGES: the records of a destination's logs from the requested start
 * (offset, time or the positions of a previous page), partition after partition in offset order,
 * that a {@link Filter} keeps (a subscription keeps its unacknowledged records and says what it is
 * doing with them; the log view keeps everything) and the selector matches. A page ends after
 * {@code maxMessages} records or a bounded number of bytes scanned, so a queue of millions is
 * inspected page by page and never read whole.
 *
 * <p>Not thread-safe; runs on the subscription's executor (subscription view) or a storage thread
 * (log view).
 */
final class MessageInspector {
    /** Most records in one page. */
    static final int MAX_PAGE = 1000;

    /** What a view knows about a record. */
    record Seen(State state, int deliveryCount) {}

    /** Decides whether a record belongs to the view. */
    interface Filter {
        /** The record's state in the view, or null to leave it out. */
        Seen see(int partition, Record record, RecordBatch batch, long nowMs);
    }

    static final Seen STORED = new Seen(State.STORED, 0);

    private MessageInspector() {}

    /**
     * @param starts per partition, the first offset the view can hold (log start or cursor start)
     * @param budgetBytes bytes of log to scan at most for this page
     */
    static InspectPage page(
            String topic,
            PartitionLog[] logs,
            long[] starts,
            InspectMessagesRequest request,
            Selector selector,
            Filter filter,
            long budgetBytes,
            int readBytes,
            long nowMs) {
        long[] next = startPositions(logs, starts, request);
        int limit = Math.min(request.maxMessages(), MAX_PAGE);
        List<InspectMessagesResponse.InspectedMessage> messages = new ArrayList<>();
        List<ByteBuf> buffers = new ArrayList<>();
        RecordSelectorContext context = new RecordSelectorContext(topic);
        long budget = budgetBytes;
        boolean end = true;
        try {
            for (int p = 0; p < logs.length && end; p++) {
                if (request.partition() >= 0 && request.partition() != p) {
                    continue;
                }
                PartitionLog log = logs[p];
                while (next[p] < log.highWatermark()) {
                    if (messages.size() >= limit || budget <= 0) {
                        end = false;
                        break;
                    }
                    LogReadResult read;
                    try {
                        read = log.read(next[p], readBytes);
                    } catch (OffsetOutOfRangeException e) {
                        next[p] = log.logStartOffset();
                        continue;
                    }
                    try {
                        if (read.isEmpty()) {
                            break;
                        }
                        budget -= read.records().readableBytes();
                        next[p] = scan(p, read, next[p], selector, filter, context, nowMs, limit, messages, buffers);
                    } finally {
                        read.close();
                    }
                }
            }
        } catch (RuntimeException e) {
            buffers.forEach(ReferenceCountUtil::safeRelease);
            throw e;
        }
        List<BrowseRequest.Position> resume = new ArrayList<>();
        for (int p = 0; p < logs.length; p++) {
            if (request.partition() < 0 || request.partition() == p) {
                resume.add(new BrowseRequest.Position(p, next[p]));
            }
        }
        return new InspectPage(new InspectMessagesResponse(messages, resume, end), buffers);
    }

    private static long[] startPositions(PartitionLog[] logs, long[] starts, InspectMessagesRequest r) {
        long[] next = new long[logs.length];
        for (int p = 0; p < logs.length; p++) {
            long from;
            if (r.positions() != null) {
                from = starts[p];
            } else if (r.startTimestamp() >= 0) {
                from = logs[p].offsetForTimestamp(r.startTimestamp()).orElse(logs[p].highWatermark());
            } else if (r.startOffset() >= 0) {
                from = r.startOffset();
            } else {
                from = starts[p];
            }
            next[p] = Math.max(Math.max(from, starts[p]), logs[p].logStartOffset());
        }
        if (r.positions() != null) {
            for (BrowseRequest.Position pos : r.positions()) {
                if (pos.partition() >= 0 && pos.partition() < logs.length) {
                    next[pos.partition()] = Math.max(next[pos.partition()], pos.offset());
                }
            }
        }
        return next;
    }

    /** Collects the kept records of one read; returns the offset to continue at. */
    private static long scan(
            int p,
            LogReadResult read,
            long from,
            Selector selector,
            Filter filter,
            RecordSelectorContext context,
            long nowMs,
            int limit,
            List<InspectMessagesResponse.InspectedMessage> messages,
            List<ByteBuf> buffers) {
        ByteBuf in = read.records().duplicate();
        long next = from;
        while (in.isReadable()) {
            RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
            if (batch.lastOffset() < next || batch.isControl()) {
                next = Math.max(next, batch.lastOffset() + 1);
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
                Seen seen = filter.see(p, r, batch, nowMs);
                if (seen == null) {
                    continue;
                }
                if (!selector.isMatchAll()
                        && !matches(selector, context.reset(p, r, jmsHeader(r), seen.deliveryCount() + 1))) {
                    continue;
                }
                ByteBuf raw = r.rawBytes().retain();
                buffers.add(raw);
                messages.add(new InspectMessagesResponse.InspectedMessage(
                        p,
                        r.offset(),
                        seen.state(),
                        seen.deliveryCount(),
                        batch.baseOffset(),
                        batch.firstTimestamp(),
                        raw));
            }
        }
        return next;
    }

    static ByteBuf jmsHeader(Record r) {
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
