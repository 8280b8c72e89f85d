package io.sluice.broker.server;

import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.producer.ProducerIdentity;
import io.sluice.broker.security.Authenticator;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Serves the administrative APIs: METADATA, CREATE_TOPIC, DELETE_TOPIC, LIST_TOPICS,
 * ALTER_TOPIC_CONFIG, INIT_PRODUCER_ID and CREATE_USER. Changes run on the metadata executor (they
 * block on JDBC); lookups are answered on the event loop from memory.
 *
 * <p>Thread-safe.
 */
public final class AdminApis {
    private final TopicManager topics;
    private final ProducerIdManager producerIds;
    private final Authenticator authenticator;
    private final BrokerExecutors executors;
    private final int brokerId;
    private final String advertisedHost;
    /** The bound port, known only once the server listens. */
    private volatile int advertisedPort;

    public AdminApis(
            TopicManager topics,
            ProducerIdManager producerIds,
            Authenticator authenticator,
            BrokerExecutors executors,
            int brokerId,
            String advertisedHost) {
        this.topics = topics;
        this.producerIds = producerIds;
        this.authenticator = authenticator;
        this.executors = executors;
        this.brokerId = brokerId;
        this.advertisedHost = advertisedHost;
    }

    public void setAdvertisedPort(int port) {
        this.advertisedPort = port;
    }

    public void registerWith(RequestRouter router) {
        router.register(
                        ApiKey.METADATA,
                        MetadataRequest::read,
                        (ctx, r) -> CompletableFuture.completedFuture(metadata(r)))
                .register(
                        ApiKey.CREATE_TOPIC,
                        CreateTopicRequest::read,
                        (ctx, r) -> executors.onMetadata(() -> {
                            topics.create(r.name(), r.partitions(), r.configs() == null ? Map.of() : r.configs());
                            return Empty.INSTANCE;
                        }))
                .register(
                        ApiKey.DELETE_TOPIC,
                        DeleteTopicRequest::read,
                        (ctx, r) -> executors.onMetadata(() -> {
                            topics.delete(r.name());
                            return Empty.INSTANCE;
                        }))
                .register(
                        ApiKey.LIST_TOPICS,
                        ListTopicsRequest::read,
                        (ctx, r) -> CompletableFuture.completedFuture(listTopics(r)))
                .register(
                        ApiKey.ALTER_TOPIC_CONFIG,
                        AlterTopicConfigRequest::read,
                        (ctx, r) -> executors.onMetadata(() -> {
                            topics.alter(r.name(), r.set(), r.reset());
                            return Empty.INSTANCE;
                        }))
                .register(
                        ApiKey.INIT_PRODUCER_ID,
                        InitProducerIdRequest::read,
                        (ctx, r) -> executors.onMetadata(() -> {
                            ProducerIdentity id = producerIds.initProducerId(r.producerName());
                            return new InitProducerIdResponse(id.producerId(), id.epoch());
                        }))
                .register(ApiKey.CREATE_USER, CreateUserRequest::read, (ctx, r) -> {
                    ctx.requireAdmin("create users");
                    return executors.onMetadata(() -> {
                        authenticator.createUser(r.username(), r.password(), r.roles());
                        return Empty.INSTANCE;
                    });
                });
    }

    private MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.Topic> result = new ArrayList<>();
        if (request.topics() == null) {
            topics.list(null).forEach(t -> result.add(describe(t)));
        } else {
            for (String name : request.topics()) {
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

    private ListTopicsResponse listTopics(ListTopicsRequest request) {
        return new ListTopicsResponse(topics.list(request.prefix()).stream()
                .map(t -> new ListTopicsResponse.Listing(
                        t.name(), t.config().type().configValue(), t.partitions()))
                .toList());
    }
}
