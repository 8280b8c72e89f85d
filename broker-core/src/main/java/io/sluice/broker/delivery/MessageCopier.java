package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.protocol.api.MessageActionResponse;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Copies stored records to another destination unchanged (MOVE_MESSAGES with {@code copy}): the
 * records are read from the source logs and appended, durably, as one plain batch per target
 * partition. A record of partition p goes to partition {@code p % targetPartitions}, so copying
 * between destinations with the same partition count keeps each partition's order. Nothing is
 * acknowledged anywhere.
 *
 * <p>Stateless; the reading runs on the delivery pool, completions on the storage writers.
 */
final class MessageCopier {
    private static final long APPEND_TIMEOUT_MS = 30_000;

    private MessageCopier() {}

    static CompletableFuture<MessageActionResponse> copy(
            DeliveryRuntime rt, Topic source, Partition[] from, Partition[] to, List<MessageRef> refs) {
        return CompletableFuture.supplyAsync(() -> build(rt, source, from, to.length, refs), rt.pool())
                .thenCompose(built -> {
                    List<CompletableFuture<?>> appends = new ArrayList<>();
                    for (int t = 0; t < to.length; t++) {
                        ByteBuf batch = built.batches[t];
                        if (batch != null) {
                            appends.add(to[t].append(batch, true, APPEND_TIMEOUT_MS)
                                    .whenComplete((o, e) -> batch.release()));
                        }
                    }
                    return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                            .thenApply(v -> new MessageActionResponse(
                                    built.copied, refs.size() - built.copied, built.detail, false));
                });
    }

    /** The batches to append, per target partition (null where nothing goes). */
    private static final class Built {
        final ByteBuf[] batches;
        int copied;
        String detail;

        Built(int targets) {
            batches = new ByteBuf[targets];
        }
    }

    private static Built build(DeliveryRuntime rt, Topic source, Partition[] from, int targets, List<MessageRef> refs) {
        RecordBatchBuilder[] builders = new RecordBatchBuilder[targets];
        Built built = new Built(targets);
        try {
            for (MessageRef ref : refs) {
                if (ref.partition() < 0 || ref.partition() >= from.length) {
                    built.detail = built.detail != null
                            ? built.detail
                            : source.name() + " has no partition " + ref.partition();
                    continue;
                }
                int t = ref.partition() % targets;
                if (builders[t] == null) {
                    builders[t] = RecordBatchBuilder.plain(ByteBufAllocator.DEFAULT, 4096);
                }
                if (appendRecord(
                        from[ref.partition()].log(),
                        ref.offset(),
                        builders[t],
                        rt.config().readBytes())) {
                    built.copied++;
                } else if (built.detail == null) {
                    built.detail = "offset " + ref.offset() + " of partition " + ref.partition() + " is not in the log";
                }
            }
            for (int t = 0; t < targets; t++) {
                if (builders[t] != null && !builders[t].isEmpty()) {
                    built.batches[t] = builders[t].build();
                    builders[t] = null;
                }
            }
            return built;
        } finally {
            for (RecordBatchBuilder b : builders) {
                if (b != null) {
                    b.release();
                }
            }
        }
    }

    private static boolean appendRecord(PartitionLog log, long offset, RecordBatchBuilder builder, int readBytes) {
        if (offset < log.logStartOffset() || offset >= log.highWatermark()) {
            return false;
        }
        try (LogReadResult read = log.read(offset, readBytes)) {
            ByteBuf in = read.records().duplicate();
            while (in.isReadable()) {
                RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
                if (batch.lastOffset() < offset || batch.isControl()) {
                    continue;
                }
                for (Record r : batch) {
                    if (r.offset() == offset) {
                        builder.append(r.timestamp(), r.attributes(), r.key(), r.value(), r.headers());
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
