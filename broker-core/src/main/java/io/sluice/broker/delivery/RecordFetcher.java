package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.OffsetOutOfRangeException;
import io.sluice.broker.log.PartitionLog;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bytes of records a subscription is about to send (or browse, or move): first in the
 * chunks its read-ahead read during the current round, so a consumer keeping up with the log costs
 * one read per record, then in the log (the page cache) in runs. Record bytes are handed out as
 * retained slices; the chunks are released at the end of the round.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class RecordFetcher {
    /** Receives the records found, in the order asked for. */
    interface Sink {
        /**
         * The record at {@code index} of the offsets asked for. {@code raw} (the record's bytes in
         * batch encoding) is retained for the sink, which must release it; {@code record} is a
         * view valid as long as {@code raw} is.
         */
        void found(int index, long batchBaseOffset, long batchFirstTimestamp, Record record, ByteBuf raw);

        /** The record at {@code index} no longer exists (retention deleted it). */
        void lost(int index);
    }

    private final int readBytes;
    private final List<List<LogReadResult>> chunks = new ArrayList<>();

    RecordFetcher(int partitions, int readBytes) {
        this.readBytes = readBytes;
        for (int p = 0; p < partitions; p++) {
            chunks.add(new ArrayList<>());
        }
    }

    /** Keeps a chunk the read-ahead read, until {@link #releaseChunks()}. */
    void addChunk(int partition, LogReadResult chunk) {
        chunks.get(partition).add(chunk);
    }

    void releaseChunks() {
        for (List<LogReadResult> list : chunks) {
            for (LogReadResult r : list) {
                r.close();
            }
            list.clear();
        }
    }

    /**
     * Finds the records at {@code offsets[0..count)} (ascending) of one partition.
     *
     * @throws io.sluice.broker.log.LogStorageException if the log cannot be read
     */
    void fetch(PartitionLog log, int partition, long[] offsets, int count, Sink sink) {
        int next = 0;
        for (LogReadResult chunk : chunks.get(partition)) {
            if (next >= count) {
                return;
            }
            if (offsets[next] >= chunk.firstOffset() && offsets[next] < chunk.nextOffset()) {
                next = scan(chunk.records(), offsets, next, count, sink);
            }
        }
        while (next < count) {
            long offset = offsets[next];
            if (offset < log.logStartOffset()) {
                sink.lost(next++);
                continue;
            }
            if (offset >= log.highWatermark()) {
                sink.lost(next++);
                continue;
            }
            LogReadResult read;
            try {
                read = log.read(offset, readBytes);
            } catch (OffsetOutOfRangeException e) {
                sink.lost(next++);
                continue;
            }
            try {
                int before = next;
                next = scan(read.records(), offsets, next, count, sink);
                if (next == before) {
                    sink.lost(next++);
                }
            } finally {
                read.close();
            }
        }
    }

    /** Walks the batches in {@code bytes}, handing out wanted records; returns the first index not found. */
    private static int scan(ByteBuf bytes, long[] offsets, int next, int count, Sink sink) {
        ByteBuf in = bytes.duplicate();
        while (in.isReadable() && next < count) {
            RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
            if (batch.lastOffset() < offsets[next]) {
                continue;
            }
            for (Record r : batch) {
                while (next < count && offsets[next] < r.offset()) {
                    // Asked for an offset the batch does not hold (cannot happen in a gapless log).
                    sink.lost(next++);
                }
                if (next >= count) {
                    break;
                }
                if (offsets[next] == r.offset()) {
                    ByteBuf raw = r.rawBytes();
                    raw.retain();
                    sink.found(next++, batch.baseOffset(), batch.firstTimestamp(), r, raw);
                }
            }
        }
        return next;
    }
}
