package io.sluice.broker.server;

import io.sluice.broker.log.DiskSpaceMonitor;
import io.sluice.broker.log.RecordLimits;
import io.sluice.broker.log.StorageFullException;
import io.sluice.broker.partition.AppendOutcome;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.ProduceResponse.PartitionResult;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves PRODUCE. On the event loop it only looks up partitions and queues one append per
 * partition on that partition's writer, so appends to a partition run in the order requests
 * arrived; each partition answers on its own, and the response is sent when all have.
 *
 * <p>With durability DURABLE a partition answers once its batches are below the high watermark,
 * or REQUEST_TIMED_OUT after {@code timeoutMs} (the batches then stay appended; a resend by an
 * idempotent producer is recognised as a duplicate).
 *
 * <p>While the disk is (nearly) full ({@link DiskSpaceMonitor}) every partition answers
 * STORAGE_FULL at once, before anything is written; an append that meets a full disk anyway is
 * undone by the log, answered STORAGE_FULL, and makes the monitor refuse further appends until
 * space is freed.
 *
 * <p>Every topic needs the produce permission (a connection's own temporary destinations excepted):
 * without it each of its partitions answers AUTHORIZATION_FAILED and nothing is appended.
 *
 * <p>Thread-safe.
 */
public final class ProduceApi {
    private static final Logger log = LoggerFactory.getLogger(ProduceApi.class);

    private final TopicManager topics;
    private final PartitionManager partitions;
    private final Authorizer authorizer;
    private final DiskSpaceMonitor disk;
    private final BiPredicate<RequestContext, String> ownsTemporary;

    /** @param ownsTemporary whether a connection created a temporary destination (no permission needed) */
    public ProduceApi(
            TopicManager topics,
            PartitionManager partitions,
            Authorizer authorizer,
            DiskSpaceMonitor disk,
            BiPredicate<RequestContext, String> ownsTemporary) {
        this.topics = topics;
        this.partitions = partitions;
        this.authorizer = authorizer;
        this.disk = disk;
        this.ownsTemporary = ownsTemporary;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.PRODUCE, ProduceRequest::read, this::produce);
    }

    private CompletableFuture<ProduceResponse> produce(RequestContext ctx, ProduceRequest request) {
        boolean durable = request.durability() == Durability.DURABLE;
        if (durable && request.timeoutMs() <= 0) {
            throw new InvalidRequestException(
                    "timeoutMs must be > 0 for a DURABLE produce, was " + request.timeoutMs());
        }
        if (request.topics().isEmpty()) {
            throw new InvalidRequestException("a produce request must name at least one topic");
        }
        List<CompletableFuture<ProduceResponse.TopicResult>> topicResults = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            List<CompletableFuture<PartitionResult>> results = new ArrayList<>();
            Topic topic = topics.topic(t.topic()).orElse(null);
            boolean allowed = authorizer.isAllowed(ctx.principal(), Permission.PRODUCE, t.topic())
                    || ownsTemporary.test(ctx, t.topic());
            for (ProduceRequest.PartitionData p : t.partitions()) {
                results.add(
                        allowed
                                ? appendOne(topic, t.topic(), p, durable, request.timeoutMs())
                                : refused(ctx, t.topic(), p.partition()));
            }
            topicResults.add(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .thenApply(v -> new ProduceResponse.TopicResult(
                            t.topic(),
                            results.stream().map(CompletableFuture::join).toList())));
        }
        return CompletableFuture.allOf(topicResults.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ProduceResponse(
                        topicResults.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<PartitionResult> appendOne(
            Topic topic, String topicName, ProduceRequest.PartitionData data, boolean durable, int timeoutMs) {
        int partitionId = data.partition();
        try {
            if (topic == null) {
                throw new UnknownTopicException(topicName);
            }
            topic.checkPartition(partitionId);
            if (!disk.tryReserve(data.records().readableBytes())) {
                throw new StorageFullException(disk.describe());
            }
            Partition partition = partitions
                    .partition(topicName, partitionId)
                    .orElseThrow(() -> new UnknownTopicException(topicName));
            RecordLimits limits = new RecordLimits(
                    topic.config().maxRecordBytes(), topic.config().maxRecordHeaders());
            return partition
                    .append(data.records(), durable, timeoutMs, limits)
                    .handle((outcome, failure) ->
                            failure == null ? success(partitionId, outcome) : failed(partitionId, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(partitionId, e));
        }
    }

    private CompletableFuture<PartitionResult> refused(RequestContext ctx, String topic, int partition) {
        return CompletableFuture.completedFuture(
                failed(partition, authorizer.denied(ctx.principal(), Permission.PRODUCE, topic)));
    }

    private static PartitionResult success(int partition, AppendOutcome outcome) {
        return new PartitionResult(
                partition,
                ErrorCode.NONE,
                null,
                outcome.firstOffset(),
                outcome.lastOffset(),
                outcome.appendTimeMs(),
                outcome.logStartOffset());
    }

    private PartitionResult failed(int partition, Throwable failure) {
        ErrorMapper.Mapped mapped = ErrorMapper.map(failure);
        if (mapped.isUnexpected()) {
            log.error("Produce to partition {} failed unexpectedly", partition, mapped.cause());
        }
        if (mapped.error() == ErrorCode.STORAGE_FULL && !(mapped.cause() instanceof StorageFullException)) {
            disk.reportNoSpace();
        }
        return PartitionResult.failed(partition, mapped.error(), mapped.message());
    }
}
