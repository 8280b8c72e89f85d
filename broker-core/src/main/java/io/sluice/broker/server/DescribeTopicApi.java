package io.sluice.broker.server;

import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves DESCRIBE_TOPIC: the effective configuration and the offsets and size of every partition,
 * read on the storage executor (log sizes walk the segment list). The caller needs some permission
 * on the topic.
 *
 * <p>Thread-safe.
 */
public final class DescribeTopicApi {
    private final TopicManager topics;
    private final PartitionManager partitions;
    private final BrokerExecutors executors;
    private final Authorizer authorizer;

    public DescribeTopicApi(
            TopicManager topics, PartitionManager partitions, BrokerExecutors executors, Authorizer authorizer) {
        this.topics = topics;
        this.partitions = partitions;
        this.executors = executors;
        this.authorizer = authorizer;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.DESCRIBE_TOPIC, DescribeTopicRequest::read, (ctx, r) -> {
            authorizer.requireAny(ctx.principal(), r.name());
            return executors.onStorage(() -> describe(r));
        });
    }

    private DescribeTopicResponse describe(DescribeTopicRequest request) {
        Topic topic = topics.require(request.name());
        List<DescribeTopicResponse.PartitionState> states = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            int partition = p;
            partitions.partition(topic.name(), p).ifPresent(part -> {
                PartitionLog log = part.log();
                states.add(new DescribeTopicResponse.PartitionState(
                        partition, log.logStartOffset(), log.highWatermark(), log.logEndOffset(), log.sizeInBytes()));
            });
        }
        return new DescribeTopicResponse(topic.name(), topic.config().effective(), states);
    }
}
