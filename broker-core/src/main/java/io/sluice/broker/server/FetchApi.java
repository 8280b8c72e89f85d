package io.sluice.broker.server;

import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.topic.UnknownTopicException;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves FETCH: resolves the requested partitions on the event loop, then hands the request to a
 * {@link DelayedFetch}, which reads on the storage executor and, while fewer than {@code minBytes}
 * are available, waits for a high-watermark advance of any of the partitions or for {@code
 * maxWaitMs} to pass.
 *
 * <p>Thread-safe.
 */
public final class FetchApi {
    private final TopicManager topics;
    private final PartitionManager partitions;
    private final BrokerExecutors executors;
    private final Authorizer authorizer;

    public FetchApi(
            TopicManager topics, PartitionManager partitions, BrokerExecutors executors, Authorizer authorizer) {
        this.topics = topics;
        this.partitions = partitions;
        this.executors = executors;
        this.authorizer = authorizer;
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.FETCH, FetchRequest::read, this::fetch);
    }

    private CompletableFuture<ApiMessage> fetch(RequestContext ctx, FetchRequest request) {
        if (request.maxWaitMs() < 0 || request.minBytes() < 0 || request.maxBytes() <= 0) {
            throw new InvalidRequestException("maxWaitMs and minBytes must be >= 0 and maxBytes > 0, were "
                    + request.maxWaitMs() + ", " + request.minBytes() + ", " + request.maxBytes());
        }
        List<DelayedFetch.Target> targets = new ArrayList<>();
        for (FetchRequest.TopicFetch t : request.topics()) {
            Topic topic = topics.topic(t.topic()).orElse(null);
            for (FetchRequest.PartitionFetch p : t.partitions()) {
                if (p.maxBytes() <= 0) {
                    throw new InvalidRequestException(
                            "maxBytes of " + t.topic() + "-" + p.partition() + " must be > 0, was " + p.maxBytes());
                }
                targets.add(resolve(ctx, topic, t.topic(), p));
            }
        }
        DelayedFetch fetch = new DelayedFetch(request, targets, executors);
        fetch.start();
        return fetch.result();
    }

    private DelayedFetch.Target resolve(RequestContext ctx, Topic topic, String name, FetchRequest.PartitionFetch p) {
        try {
            authorizer.require(ctx.principal(), Permission.CONSUME, name);
            if (topic == null) {
                throw new UnknownTopicException(name);
            }
            topic.checkPartition(p.partition());
            Partition partition =
                    partitions.partition(name, p.partition()).orElseThrow(() -> new UnknownTopicException(name));
            return new DelayedFetch.Target(name, p, partition.log(), null);
        } catch (RuntimeException e) {
            return new DelayedFetch.Target(name, p, null, e);
        }
    }
}
