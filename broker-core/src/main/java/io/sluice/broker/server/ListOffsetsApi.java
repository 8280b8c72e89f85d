package io.sluice.broker.server;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.ListOffsetsResponse.PartitionOffset;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Serves LIST_OFFSETS on the storage executor: EARLIEST is the log start offset, LATEST the high
 * watermark, and a timestamp the first readable offset whose record is at least that recent (the
 * high watermark with timestamp -1 if none is). Each partition needs the consume permission on its
 * topic (AUTHORIZATION_FAILED for that partition otherwise).
 *
 * <p>Thread-safe.
 */
public final class ListOffsetsApi {
    private final TopicManager topics;
    private final PartitionManager partitions;
    private final BrokerExecutors executors;
    private final Authorizer authorizer;

    public ListOffsetsApi(
            TopicManager topics, PartitionManager partitions, BrokerExecutors executors, Authorizer authorizer) {
        this.topics = topics;
        this.partitions = partitions;
        this.executors = executors;
        this.authorizer = authorizer;
    }

    public void registerWith(RequestRouter router) {
        router.register(
                ApiKey.LIST_OFFSETS, ListOffsetsRequest::read, (ctx, r) -> executors.onStorage(() -> list(ctx, r)));
    }

    private ListOffsetsResponse list(RequestContext ctx, ListOffsetsRequest request) {
        List<ListOffsetsResponse.TopicOffsets> result = new ArrayList<>();
        for (ListOffsetsRequest.TopicQuery t : request.topics()) {
            Topic topic = topics.topic(t.topic()).orElse(null);
            List<PartitionOffset> offsets = new ArrayList<>();
            for (ListOffsetsRequest.PartitionQuery q : t.partitions()) {
                try {
                    authorizer.require(ctx.principal(), Permission.CONSUME, t.topic());
                    if (topic == null) {
                        throw new UnknownTopicException(t.topic());
                    }
                    topic.checkPartition(q.partition());
                    Partition partition = partitions
                            .partition(t.topic(), q.partition())
                            .orElseThrow(() -> new UnknownTopicException(t.topic()));
                    offsets.add(find(partition.log(), q));
                } catch (RuntimeException e) {
                    ErrorMapper.Mapped mapped = ErrorMapper.map(e);
                    offsets.add(new PartitionOffset(q.partition(), mapped.error(), mapped.message(), -1L, -1L));
                }
            }
            result.add(new ListOffsetsResponse.TopicOffsets(t.topic(), offsets));
        }
        return new ListOffsetsResponse(result);
    }

    private static PartitionOffset find(PartitionLog log, ListOffsetsRequest.PartitionQuery q) {
        if (q.timestamp() == ListOffsetsRequest.EARLIEST) {
            return new PartitionOffset(q.partition(), ErrorCode.NONE, null, log.logStartOffset(), -1L);
        }
        if (q.timestamp() == ListOffsetsRequest.LATEST) {
            return new PartitionOffset(q.partition(), ErrorCode.NONE, null, log.highWatermark(), -1L);
        }
        if (q.timestamp() < 0) {
            throw new InvalidRequestException(
                    "timestamp must be -1 (latest), -2 (earliest) or >= 0, was " + q.timestamp());
        }
        OptionalLong offset = log.offsetForTimestamp(q.timestamp());
        if (offset.isEmpty()) {
            return new PartitionOffset(q.partition(), ErrorCode.NONE, null, log.highWatermark(), -1L);
        }
        return new PartitionOffset(
                q.partition(), ErrorCode.NONE, null, offset.getAsLong(), timestampAt(log, offset.getAsLong()));
    }

    /** The timestamp of the record at {@code offset}, read from the batch holding it. */
    private static long timestampAt(PartitionLog log, long offset) {
        try (LogReadResult read = log.read(offset, 1)) {
            ByteBuf bytes = read.records();
            while (bytes.isReadable()) {
                RecordBatch batch = RecordBatch.readFrom(bytes, Integer.MAX_VALUE);
                if (batch.lastOffset() < offset) {
                    continue;
                }
                for (Record record : batch) {
                    if (record.offset() == offset) {
                        return record.timestamp();
                    }
                }
            }
        }
        return -1L;
    }
}
