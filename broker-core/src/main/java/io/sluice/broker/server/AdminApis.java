package io.sluice.broker.server;

import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.producer.ProducerIdentity;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.security.Principal;
import io.sluice.broker.topic.InvalidTopicNameException;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Serves the topic administration APIs: METADATA, CREATE_TOPIC, DELETE_TOPIC, LIST_TOPICS,
 * ALTER_TOPIC_CONFIG and INIT_PRODUCER_ID. Changes run on the metadata executor (they block on
 * JDBC); lookups are answered on the event loop from memory.
 *
 * <p>Access: CREATE_TOPIC needs the create permission on the name, DELETE_TOPIC delete,
 * ALTER_TOPIC_CONFIG admin. METADATA and LIST_TOPICS show only destinations the caller holds some
 * permission on (a named one without is answered AUTHORIZATION_FAILED, whether it exists or not).
 * INIT_PRODUCER_ID needs no permission: producing does.
 *
 * <p>Thread-safe.
 */
public final class AdminApis {
    private final TopicManager topics;
    private final ProducerIdManager producerIds;
    private final Authorizer authorizer;
    private final BrokerExecutors executors;
    private final int brokerId;
    private final String advertisedHost;
    /** The bound port, known only once the server listens. */
    private volatile int advertisedPort;
    /** Told of every producer id issued, with the connection that asked (set once at start). */
    private volatile java.util.function.BiConsumer<RequestContext, Long> producerListener = (ctx, id) -> {};

    public AdminApis(
            TopicManager topics,
            ProducerIdManager producerIds,
            Authorizer authorizer,
            BrokerExecutors executors,
            int brokerId,
            String advertisedHost) {
        this.topics = topics;
        this.producerIds = producerIds;
        this.authorizer = authorizer;
        this.executors = executors;
        this.brokerId = brokerId;
        this.advertisedHost = advertisedHost;
    }

    public void setAdvertisedPort(int port) {
        this.advertisedPort = port;
    }

    /** Registers who is told of issued producer ids (the delivery engine, for noLocal). */
    public void setProducerListener(java.util.function.BiConsumer<RequestContext, Long> listener) {
        this.producerListener = listener;
    }

    public void registerWith(RequestRouter router) {
        router.register(
                        ApiKey.METADATA,
                        MetadataRequest::read,
                        (ctx, r) -> CompletableFuture.completedFuture(metadata(ctx.principal(), r)))
                .register(ApiKey.CREATE_TOPIC, CreateTopicRequest::read, (ctx, r) -> {
                    authorizer.require(ctx.principal(), Permission.CREATE, r.name());
                    if (r.name() != null && r.name().startsWith(DeliveryService.TEMPORARY_PREFIX)) {
                        throw new InvalidTopicNameException("names starting with '" + DeliveryService.TEMPORARY_PREFIX
                                + "' are reserved for temporary destinations");
                    }
                    return executors.onMetadata(() -> {
                        topics.create(r.name(), r.partitions(), r.configs() == null ? Map.of() : r.configs());
                        return Empty.INSTANCE;
                    });
                })
                .register(ApiKey.DELETE_TOPIC, DeleteTopicRequest::read, (ctx, r) -> {
                    authorizer.require(ctx.principal(), Permission.DELETE, r.name());
                    return executors.onMetadata(() -> {
                        topics.delete(r.name());
                        return Empty.INSTANCE;
                    });
                })
                .register(
                        ApiKey.LIST_TOPICS,
                        ListTopicsRequest::read,
                        (ctx, r) -> CompletableFuture.completedFuture(listTopics(ctx.principal(), r)))
                .register(ApiKey.ALTER_TOPIC_CONFIG, AlterTopicConfigRequest::read, (ctx, r) -> {
                    authorizer.require(ctx.principal(), Permission.ADMIN, r.name());
                    return executors.onMetadata(() -> {
                        topics.alter(r.name(), r.set(), r.reset());
                        return Empty.INSTANCE;
                    });
                })
                .register(
                        ApiKey.INIT_PRODUCER_ID,
                        InitProducerIdRequest::read,
                        (ctx, r) -> executors.onMetadata(() -> {
                            ProducerIdentity id = producerIds.initProducerId(r.producerName());
                            producerListener.accept(ctx, id.producerId());
                            return new InitProducerIdResponse(id.producerId(), id.epoch());
                        }));
    }

    private MetadataResponse metadata(Principal principal, MetadataRequest request) {
        List<MetadataResponse.Topic> result = new ArrayList<>();
        if (request.topics() == null) {
            topics.list(null).stream()
                    .filter(t -> authorizer.hasAnyPermission(principal, t.name()))
                    .forEach(t -> result.add(describe(t)));
        } else {
            for (String name : request.topics()) {
                if (!authorizer.hasAnyPermission(principal, name)) {
                    result.add(new MetadataResponse.Topic(name, ErrorCode.AUTHORIZATION_FAILED, null, List.of()));
                    continue;
                }
                Optional<Topic> topic = topics.topic(name);
                result.add(topic.map(this::describe)
                        .orElseGet(() -> new MetadataResponse.Topic(name, ErrorCode.UNKNOWN_TOPIC, null, List.of())));
            }
        }
        return new MetadataResponse(
                List.of(new MetadataResponse.Broker(brokerId, advertisedHost, advertisedPort)), result);
    }

    private MetadataResponse.Topic describe(Topic topic) {
        List<MetadataResponse.Partition> partitions = IntStream.range(0, topic.partitions())
                .mapToObj(p -> new MetadataResponse.Partition(p, brokerId))
                .toList();
        return new MetadataResponse.Topic(
                topic.name(), ErrorCode.NONE, topic.config().type().configValue(), partitions);
    }

    private ListTopicsResponse listTopics(Principal principal, ListTopicsRequest request) {
        return new ListTopicsResponse(topics.list(request.prefix()).stream()
                .filter(t -> authorizer.hasAnyPermission(principal, t.name()))
                .map(t -> new ListTopicsResponse.Listing(
                        t.name(), t.config().type().configValue(), t.partitions()))
                .toList());
    }
}
