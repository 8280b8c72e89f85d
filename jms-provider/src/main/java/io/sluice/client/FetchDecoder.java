package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.record.InvalidRecordException;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a fetch response body into a {@link FetchResult}: checks every batch's CRC, skips records
 * before the requested offset and control batches, and copies what remains out of the frame, which
 * is released as soon as this returns.
 *
 * <p>Stateless; thread-safe. Runs on the connection's event loop.
 */
final class FetchDecoder {
    private FetchDecoder() {}

    /** Decodes a fetch response read from a frame, given the request it answers. */
    static FetchResult decode(FetchRequest request, ByteBuf body) {
        FetchResponse response = FetchResponse.read(body);
        Map<TopicPartition, Long> requested = new HashMap<>();
        for (FetchRequest.TopicFetch t : request.topics()) {
            for (FetchRequest.PartitionFetch p : t.partitions()) {
                requested.put(new TopicPartition(t.topic(), p.partition()), p.fetchOffset());
            }
        }
        Map<TopicPartition, PartitionRecords> result = new LinkedHashMap<>();
        for (FetchResponse.TopicData t : response.topics()) {
            for (FetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.topic(), p.partition());
                Long fetchOffset = requested.get(tp);
                if (fetchOffset == null) {
                    throw ClientErrors.corrupt("fetch response names " + tp + " which was not requested", null);
                }
                result.put(tp, decodePartition(tp, fetchOffset, p));
            }
        }
        return new FetchResult(result);
    }

    private static PartitionRecords decodePartition(
            TopicPartition tp, long fetchOffset, FetchResponse.PartitionData p) {
        if (p.error() != ErrorCode.NONE) {
            return new PartitionRecords(
                    tp, p.error(), p.errorMessage(), p.highWatermark(), p.logStartOffset(), List.of(), fetchOffset);
        }
        List<ConsumerRecord> records = new ArrayList<>();
        try {
            long next = copyRecords(tp, p.records(), fetchOffset, records);
            return new PartitionRecords(
                    tp, ErrorCode.NONE, null, p.highWatermark(), p.logStartOffset(), List.copyOf(records), next);
        } catch (InvalidRecordException e) {
            return new PartitionRecords(
                    tp,
                    ErrorCode.CORRUPT_RECORD,
                    "fetched data failed validation: " + e.getMessage(),
                    p.highWatermark(),
                    p.logStartOffset(),
                    List.of(),
                    fetchOffset);
        }
    }

    /**
     * Copies the records at or after {@code fetchOffset} from whole batches in {@code records} and
     * returns the offset to fetch next. A trailing partial batch is ignored: the next fetch starts at
     * it again.
     *
     * @throws InvalidRecordException if a batch fails validation
     */
    static long copyRecords(TopicPartition tp, ByteBuf records, long fetchOffset, List<ConsumerRecord> out) {
        long next = fetchOffset;
        if (records == null) {
            return next;
        }
        ByteBuf in = records.duplicate();
        while (in.isReadable()) {
            int size = RecordBatch.sizeAt(in, in.readerIndex(), Integer.MAX_VALUE);
            if (size < 0 || size > in.readableBytes()) {
                break;
            }
            RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE).ensureValid();
            if (batch.lastOffset() < next) {
                continue;
            }
            if (!batch.isControl()) {
                for (Record r : batch) {
                    if (r.offset() >= next) {
                        out.add(ConsumerRecord.copyOf(tp.topic(), tp.partition(), r));
                    }
                }
            }
            next = batch.nextOffset();
        }
        return next;
    }
}
