package io.sluice.broker.server;

import io.netty.channel.Channel;
import io.sluice.broker.delivery.DeliveryAdmin;
import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.delivery.DeliverySession;
import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.topic.TopicType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrokerStatsResponse;
import io.sluice.protocol.api.CloseConnectionRequest;
import io.sluice.protocol.api.DestinationStatsRequest;
import io.sluice.protocol.api.DestinationStatsResponse;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.ListConnectionsResponse;
import io.sluice.protocol.api.ListProducersRequest;
import io.sluice.protocol.api.ListProducersResponse;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Serves the broker-wide operations APIs: BROKER_STATS (health and totals), DESTINATION_STATS
 * (per destination sizes, backlog and traffic), LIST_CONNECTIONS, CLOSE_CONNECTION and
 * LIST_PRODUCERS. Every one needs the admin role. Figures come from memory, except the disk usage
 * (a walk of the data directory on the storage pool) and producer state (read on each partition's
 * writer).
 *
 * <p>Thread-safe.
 */
public final class OperationsApis {
    private final TopicManager topics;
    private final PartitionManager partitions;
    private final ProducerIdManager producerIds;
    private final DeliveryService delivery;
    private final ConnectionRegistry connections;
    private final BrokerExecutors executors;
    private final Clock clock;
    private final Path dataDir;
    private final int brokerId;
    private final String serverVersion;
    private final Authorizer authorizer;
    private final long startTimeMs;

    public OperationsApis(
            TopicManager topics,
            PartitionManager partitions,
            ProducerIdManager producerIds,
            DeliveryService delivery,
            ConnectionRegistry connections,
            BrokerExecutors executors,
            Clock clock,
            Path dataDir,
            int brokerId,
            String serverVersion,
            Authorizer authorizer) {
        this.topics = topics;
        this.partitions = partitions;
        this.producerIds = producerIds;
        this.delivery = delivery;
        this.connections = connections;
        this.executors = executors;
        this.clock = clock;
        this.dataDir = dataDir;
        this.brokerId = brokerId;
        this.serverVersion = serverVersion;
        this.authorizer = authorizer;
        this.startTimeMs = clock.millis();
    }

    public void registerWith(RequestRouter router) {
        router.register(ApiKey.BROKER_STATS, Empty::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "read broker statistics");
                    return executors.onStorage(this::brokerStats);
                })
                .register(ApiKey.DESTINATION_STATS, DestinationStatsRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "read destination statistics");
                    return destinationStats(r.prefix());
                })
                .register(ApiKey.LIST_CONNECTIONS, Empty::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "list connections");
                    return listConnections();
                })
                .register(ApiKey.CLOSE_CONNECTION, CloseConnectionRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "close connections");
                    return closeConnection(r.connectionId());
                })
                .register(ApiKey.LIST_PRODUCERS, ListProducersRequest::read, (ctx, r) -> {
                    authorizer.requireAdmin(ctx.principal(), "list producers");
                    return listProducers(r.topic());
                });
    }

    // ---- broker ----

    private BrokerStatsResponse brokerStats() {
        int partitionCount = 0;
        long messagesIn = 0;
        for (Partition p : partitions.partitions().values()) {
            partitionCount++;
            messagesIn += p.log().logEndOffset();
        }
        long free = -1;
        long total = -1;
        try {
            FileStore store = Files.getFileStore(dataDir);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException e) {
            // reported as unknown (-1)
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new BrokerStatsResponse(
                brokerId,
                serverVersion,
                authorizer.isEnabled(),
                startTimeMs,
                clock.millis(),
                connections.count(),
                topics.list(null).size(),
                partitionCount,
                dataDir.toString(),
                diskUsedBytes(),
                free,
                total,
                heap.getUsed(),
                heap.getCommitted(),
                heap.getMax(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                messagesIn,
                delivery.admin().counters().total());
    }

    /** Bytes of the files under the data directory (files vanishing meanwhile are skipped). */
    private long diskUsedBytes() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.mapToLong(f -> {
                        try {
                            return Files.isRegularFile(f) ? Files.size(f) : 0;
                        } catch (IOException | UncheckedIOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    // ---- destinations ----

    private CompletableFuture<DestinationStatsResponse> destinationStats(String prefix) {
        DeliveryAdmin admin = delivery.admin();
        Map<String, int[]> counts = admin.subscriptionCounts();
        List<Topic> list = topics.list(prefix);
        List<CompletableFuture<DestinationStatsResponse.DestinationStats>> stats = new ArrayList<>(list.size());
        for (Topic t : list) {
            long stored = 0;
            long size = 0;
            long in = 0;
            for (int p = 0; p < t.partitions(); p++) {
                PartitionLog log =
                        partitions.partition(t.name(), p).map(Partition::log).orElse(null);
                if (log != null) {
                    stored += Math.max(0, log.highWatermark() - log.logStartOffset());
                    size += log.sizeInBytes();
                    in += log.logEndOffset();
                }
            }
            int[] c = counts.getOrDefault(t.name(), new int[2]);
            long storedMessages = stored;
            long sizeBytes = size;
            long messagesIn = in;
            boolean queue = t.config().type() == TopicType.QUEUE;
            CompletableFuture<Long> pending = queue
                    ? admin.queueBacklog(t.name()).thenApply(b -> b < 0 ? storedMessages : b)
                    : CompletableFuture.completedFuture(-1L);
            stats.add(pending.thenApply(b -> new DestinationStatsResponse.DestinationStats(
                    t.name(),
                    t.config().type().configValue(),
                    t.partitions(),
                    storedMessages,
                    b,
                    sizeBytes,
                    messagesIn,
                    admin.counters().delivered(t.name()),
                    c[0],
                    c[1])));
        }
        return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new))
                .thenApply(v -> new DestinationStatsResponse(
                        stats.stream().map(CompletableFuture::join).toList()));
    }

    // ---- connections ----

    private CompletableFuture<ListConnectionsResponse> listConnections() {
        List<CompletableFuture<ListConnectionsResponse.Connection>> rows = new ArrayList<>();
        for (ConnectionRegistry.Registered r : connections.list()) {
            Channel channel = r.context().channel();
            CompletableFuture<ListConnectionsResponse.Connection> row = new CompletableFuture<>();
            Runnable read = () -> {
                DeliverySession session = DeliveryApis.existingSession(channel);
                row.complete(new ListConnectionsResponse.Connection(
                        r.context().connectionId(),
                        session != null ? session.clientId() : r.context().clientId(),
                        r.context().principal().username(),
                        String.valueOf(channel.remoteAddress()),
                        r.clientSoftware() == null ? "" : r.clientSoftware(),
                        r.connectedSinceMs(),
                        session == null ? 0 : session.consumerCount(),
                        session == null ? 0 : session.unsettledCount()));
            };
            try {
                channel.eventLoop().execute(read); // session state is confined to the event loop
            } catch (RuntimeException e) {
                row.complete(null);
            }
            rows.add(row);
        }
        return CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ListConnectionsResponse(rows.stream()
                        .map(CompletableFuture::join)
                        .filter(java.util.Objects::nonNull)
                        .toList()));
    }

    private CompletableFuture<Empty> closeConnection(long connectionId) {
        ConnectionRegistry.Registered r = connections
                .find(connectionId)
                .orElseThrow(() -> new SluiceProtocolException(
                        ErrorCode.UNKNOWN_CONNECTION, "no open connection with id " + connectionId));
        CompletableFuture<Empty> done = new CompletableFuture<>();
        r.context().channel().close().addListener(f -> done.complete(Empty.INSTANCE));
        return done;
    }

    // ---- producers ----

    private CompletableFuture<ListProducersResponse> listProducers(String topicName) {
        List<Topic> list;
        if (topicName == null) {
            list = topics.list(null);
        } else {
            list = List.of(topics.topic(topicName)
                    .orElseThrow(() -> new SluiceProtocolException(
                            ErrorCode.UNKNOWN_TOPIC, "destination '" + topicName + "' does not exist")));
        }
        List<CompletableFuture<List<ListProducersResponse.ProducerInfo>>> parts = new ArrayList<>();
        for (Topic t : list) {
            for (int p = 0; p < t.partitions(); p++) {
                Partition partition = partitions.partition(t.name(), p).orElse(null);
                if (partition == null) {
                    continue;
                }
                int number = p;
                parts.add(partition.producers().thenApply(views -> views.stream()
                        .map(v -> new ListProducersResponse.ProducerInfo(
                                t.name(),
                                number,
                                v.producerId(),
                                v.epoch(),
                                v.lastSequence(),
                                v.lastOffset(),
                                v.lastAppendTimeMs(),
                                producerIds.nameOf(v.producerId()),
                                delivery.producerConnection(v.producerId())))
                        .toList()));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ListProducersResponse(
                        parts.stream().flatMap(f -> f.join().stream()).toList()));
    }
}
