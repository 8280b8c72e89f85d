package io.sluice.broker.testing;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import java.io.IOException;
import java.util.List;

/** One-line produce and fetch calls for broker integration tests. */
public final class Produce {
    private Produce() {}

    public static ProduceRequest request(String topic, int partition, ByteBuf records) {
        return new ProduceRequest(
                Durability.DURABLE,
                10_000,
                List.of(new ProduceRequest.TopicData(
                        topic, List.of(new ProduceRequest.PartitionData(partition, records)))));
    }

    /** Produces one partition's records durably and returns that partition's result. */
    public static ProduceResponse.PartitionResult send(FrameClient c, String topic, int partition, ByteBuf records)
            throws IOException {
        ProduceResponse response = c.call(ApiKey.PRODUCE, request(topic, partition, records), ProduceResponse::read);
        return response.topics().get(0).partitions().get(0);
    }

    public static FetchRequest fetchRequest(String topic, int partition, long offset, int maxWaitMs, int minBytes) {
        return new FetchRequest(
                maxWaitMs,
                minBytes,
                1024 * 1024,
                List.of(new FetchRequest.TopicFetch(
                        topic, List.of(new FetchRequest.PartitionFetch(partition, offset, 1024 * 1024)))));
    }

    /** Fetches one partition at once (no wait) and returns its records from {@code offset}. */
    public static List<Batches.Fetched> fetch(FrameClient c, String topic, int partition, long offset)
            throws IOException {
        FetchResponse response =
                c.call(ApiKey.FETCH, fetchRequest(topic, partition, offset, 0, 0), FetchResponse::read);
        FetchResponse.PartitionData data = response.topics().get(0).partitions().get(0);
        if (data.error() != io.sluice.protocol.error.ErrorCode.NONE) {
            throw new AssertionError("fetch failed: " + data.error() + " " + data.errorMessage());
        }
        return Batches.records(data.records(), offset);
    }

    /** Every record of a partition, fetching until the high watermark. */
    public static List<Batches.Fetched> fetchAll(FrameClient c, String topic, int partition) throws IOException {
        List<Batches.Fetched> all = new java.util.ArrayList<>();
        long offset = 0;
        while (true) {
            List<Batches.Fetched> next = fetch(c, topic, partition, offset);
            if (next.isEmpty()) {
                return all;
            }
            all.addAll(next);
            offset = next.get(next.size() - 1).offset() + 1;
        }
    }
}
