package io.sluice.broker;

import io.netty.handler.ssl.SslContext;
import io.sluice.broker.delivery.DeliveryConfig;
import io.sluice.broker.delivery.DeliveryService;
import io.sluice.broker.log.DiskSpaceMonitor;
import io.sluice.broker.log.LogConfig;
import io.sluice.broker.log.LogManager;
import io.sluice.broker.meta.GrantStore;
import io.sluice.broker.meta.MetadataStore;
import io.sluice.broker.meta.ProducerIdStore;
import io.sluice.broker.meta.ProducerSnapshotStore;
import io.sluice.broker.meta.SubscriptionStore;
import io.sluice.broker.meta.TopicStore;
import io.sluice.broker.meta.UserStore;
import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.security.Authenticator;
import io.sluice.broker.security.Authorizer;
import io.sluice.broker.security.PasswordHasher;
import io.sluice.broker.server.AdminApis;
import io.sluice.broker.server.BrokerExecutors;
import io.sluice.broker.server.ClientIdRegistry;
import io.sluice.broker.server.ConnectionRegistry;
import io.sluice.broker.server.DeliveryApis;
import io.sluice.broker.server.DescribeTopicApi;
import io.sluice.broker.server.FetchApi;
import io.sluice.broker.server.HandshakeService;
import io.sluice.broker.server.ListOffsetsApi;
import io.sluice.broker.server.MessageAdminApis;
import io.sluice.broker.server.OperationsApis;
import io.sluice.broker.server.ProduceApi;
import io.sluice.broker.server.ProduceMemory;
import io.sluice.broker.server.RequestRouter;
import io.sluice.broker.server.SecurityApis;
import io.sluice.broker.server.ServerOptions;
import io.sluice.broker.server.ServerTls;
import io.sluice.broker.server.SluiceServer;
import io.sluice.broker.server.TransactionApi;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicManager;
import io.sluice.broker.txn.TransactionConfig;
import io.sluice.broker.txn.TransactionCoordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sluice broker, embeddable in tests and applications:
 *
 * <pre>{@code
 * try (SluiceBroker broker = SluiceBroker.start(BrokerConfig.forTesting(tempDir).build())) {
 *     connect to 127.0.0.1:broker.port() ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down cleanly: stops accepting, closes connections, lets queued work
 * finish, closes the logs (writing the clean-shutdown marker) and the metadata store.
 *
 * <p>Thread-safe.
 */
public final class SluiceBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceBroker.class);
    /** How often the transaction journal looks for segments it no longer needs. */
    private static final long TRANSACTION_CLEAN_INTERVAL_MS = 10_000;
    /** How often the free disk space is read. */
    private static final long DISK_CHECK_INTERVAL_MS = 100;

    private final BrokerConfig config;
    private final Path dataDir;
    /** Closed in reverse order of opening. */
    private final Deque<AutoCloseable> resources;

    private final SluiceServer server;
    private final TopicManager topics;
    private final ProduceMemory produceMemory;
    private boolean closed;

    private SluiceBroker(
            BrokerConfig config,
            Path dataDir,
            Deque<AutoCloseable> resources,
            SluiceServer server,
            TopicManager topics,
            ProduceMemory produceMemory) {
        this.config = config;
        this.dataDir = dataDir;
        this.resources = resources;
        this.server = server;
        this.topics = topics;
        this.produceMemory = produceMemory;
    }

    /**
     * Opens the data directory (recovering it if the last run did not shut down cleanly), creates
     * the declared users and starts listening.
     *
     * @throws BrokerStartException if anything fails; everything opened so far is closed again
     */
    public static SluiceBroker start(BrokerConfig config) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            // First, so that a bad key store fails the start before any data is touched.
            SslContext ssl = config.tls() == null ? null : ServerTls.sslContext(config.tls());
            Path dataDir = config.dataDir().toAbsolutePath().normalize();
            Files.createDirectories(dataDir);
            MetadataStore metadata =
                    MetadataStore.open(dataDir.resolve("meta"), config.metadataThreads() + 1, config.clock());
            opened.push(metadata);

            UserStore users = new UserStore(metadata, config.clock());
            Authorizer authorizer =
                    new Authorizer(config.securityEnabled(), users, new GrantStore(metadata, config.clock()));
            Authenticator authenticator = new Authenticator(
                    config.securityEnabled(),
                    users,
                    new PasswordHasher(config.passwordIterations(), new SecureRandom()),
                    authorizer::reload);
            authenticator.declareUsers(config.users());
            authorizer.declare(config.grants());
            TopicManager topics = new TopicManager(
                    new TopicStore(metadata),
                    config.topicDefaults(),
                    config.defaultPartitions(),
                    config.maxPartitions(),
                    config.clock());
            LogManager logs = LogManager.builder(dataDir)
                    .clock(config.clock())
                    .configResolver(tp -> topics.topic(tp.topic())
                            .map(t -> PartitionManager.logConfig(t.config()))
                            .orElse(LogConfig.DEFAULT))
                    .open();
            opened.push(logs);
            // Closed before the logs and the metadata store: queued work finishes first, then the
            // producer state is snapshotted once more, so the next start replays little log.
            BrokerExecutors executors = new BrokerExecutors(
                    config.storageThreads(), config.metadataThreads(), config.executorQueueCapacity());
            AtomicReference<Runnable> finalSnapshot = new AtomicReference<>(() -> {});
            opened.push(() -> {
                executors.shutdown(config.shutdownTimeoutMs());
                finalSnapshot.get().run();
            });
            ProducerIdManager producerIds =
                    new ProducerIdManager(new ProducerIdStore(metadata), config.producerIdBlockSize());
            PartitionManager partitions = new PartitionManager(
                    logs,
                    producerIds,
                    new ProducerSnapshotStore(metadata, config.clock()),
                    executors.storage(),
                    executors.metadata(),
                    executors.scheduler(),
                    config.executorQueueCapacity());
            partitions.open(topics.list(null));
            AtomicReference<DeliveryService> deliveryRef = new AtomicReference<>();
            topics.setListener(new TopicManager.TopicListener() {
                @Override
                public void topicCreated(Topic topic) {
                    partitions.topicCreated(topic);
                }

                @Override
                public void topicDeleted(Topic topic) {
                    DeliveryService delivery = deliveryRef.get();
                    if (delivery != null) {
                        delivery.topicDeleted(topic.name());
                    }
                    partitions.topicDeleted(topic);
                }

                @Override
                public void topicConfigChanged(Topic topic) {
                    partitions.topicConfigChanged(topic);
                }
            });
            finalSnapshot.set(partitions::snapshotAllNow);
            partitions.startSnapshots(config.producerSnapshotIntervalMs());
            DeliveryService delivery = DeliveryService.start(
                    new DeliveryConfig(
                            config.deliveryThreads(),
                            config.deliveryWindowMessages(),
                            config.deliveryWindowBytes(),
                            config.deliveryReadBytes(),
                            config.deliverySnapshotIntervalMs(),
                            config.deliveryDrainWaitMs(),
                            config.autoCreateDestinations(),
                            config.cursorLogSegmentBytes()),
                    dataDir,
                    config.clock(),
                    executors.scheduler(),
                    executors.metadata(),
                    topics,
                    partitions,
                    producerIds,
                    new SubscriptionStore(metadata, config.clock()));
            deliveryRef.set(delivery);
            // Closed before the executors: the final cursor snapshot still needs the pools.
            opened.push(delivery);
            // Applies the transactions a crash interrupted before any connection is accepted;
            // closed before the delivery engine, which commits under way still use.
            TransactionCoordinator transactions = TransactionCoordinator.start(
                    new TransactionConfig(
                            config.transactionMaxBytes(),
                            config.transactionMaxMessages(),
                            config.transactionLogSegmentBytes(),
                            config.transactionOutcomeRetentionMs(),
                            TRANSACTION_CLEAN_INTERVAL_MS),
                    dataDir,
                    config.clock(),
                    executors.storage(),
                    executors.scheduler(),
                    topics,
                    partitions,
                    delivery);
            opened.push(transactions);

            RequestRouter router = new RequestRouter();
            AdminApis admin =
                    new AdminApis(topics, producerIds, authorizer, executors, config.brokerId(), config.host());
            admin.registerWith(router);
            new SecurityApis(authenticator, authorizer, executors).registerWith(router);
            ClientIdRegistry clientIds = new ClientIdRegistry();
            DeliveryApis deliveryApis = new DeliveryApis(
                    delivery,
                    clientIds,
                    topics,
                    authorizer,
                    config.maxConsumersPerConnection(),
                    config.maxTemporariesPerConnection());
            deliveryApis.registerWith(router);
            admin.setProducerListener(
                    (ctx, producerId) -> delivery.producerInitialized(deliveryApis.session(ctx), producerId));
            DiskSpaceMonitor disk = DiskSpaceMonitor.start(
                    List.of(dataDir.resolve("meta"), dataDir.resolve("logs"), dataDir.resolve("delivery")),
                    config.minFreeDiskBytes(),
                    executors.scheduler(),
                    DISK_CHECK_INTERVAL_MS);
            opened.push(disk);
            new ProduceApi(topics, partitions, authorizer, disk, deliveryApis::ownsTemporary).registerWith(router);
            new FetchApi(topics, partitions, executors, authorizer).registerWith(router);
            new ListOffsetsApi(topics, partitions, executors, authorizer).registerWith(router);
            new DescribeTopicApi(topics, partitions, executors, authorizer).registerWith(router);
            new TransactionApi(transactions, deliveryApis, topics, authorizer, disk, config.maxFrameBytes())
                    .registerWith(router);
            ConnectionRegistry connections = new ConnectionRegistry(config.clock());
            new OperationsApis(
                            topics,
                            partitions,
                            producerIds,
                            delivery,
                            connections,
                            executors,
                            config.clock(),
                            dataDir,
                            config.brokerId(),
                            version(),
                            authorizer)
                    .registerWith(router);
            new MessageAdminApis(delivery.admin(), authorizer).registerWith(router);
            HandshakeService handshakes = new HandshakeService(
                    authenticator,
                    clientIds,
                    executors.metadata(),
                    config.brokerId(),
                    config.maxFrameBytes(),
                    config.idleTimeoutMs(),
                    version(),
                    connections,
                    config.passwordsRequireTls());
            ProduceMemory produceMemory = new ProduceMemory(
                    config.produceMemoryBytes(), config.produceMemoryConnectionBytes(), config.produceMemoryPolicy());
            SluiceServer server = SluiceServer.start(
                    new ServerOptions(
                            config.host(),
                            config.port(),
                            config.ioThreads(),
                            config.preAuthMaxFrameBytes(),
                            config.maxInFlightRequests(),
                            config.idleTimeoutMs(),
                            ssl,
                            config.preAuthTimeoutMs(),
                            config.maxConnectionsPerAddress(),
                            produceMemory,
                            config.writeBufferBytes()),
                    router,
                    handshakes);
            opened.push(server);
            admin.setAdvertisedPort(server.port());
            if (config.securityEnabled() && config.tls() == null) {
                log.warn("TLS is off: passwords and messages cross the network in clear text."
                        + " Set tls.enabled=true (docs/security.md) before exposing this broker"
                        + (config.passwordsRequireTls() ? "; every handshake with a password is refused." : "."));
            }
            if (!config.securityEnabled()) {
                log.warn("Security is OFF: every connection is accepted without a password and may do anything."
                        + " Set security.enabled=true before exposing this broker.");
            }
            log.info(
                    "Sluice broker {} started on {}:{} with data in {} (security {})",
                    config.brokerId(),
                    config.host(),
                    server.port(),
                    dataDir,
                    config.securityEnabled() ? "on" : "OFF");
            return new SluiceBroker(config, dataDir, opened, server, topics, produceMemory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(opened);
            throw new BrokerStartException("interrupted while starting", e);
        } catch (IOException | RuntimeException e) {
            closeAll(opened);
            throw new BrokerStartException("cannot start the broker: " + e.getMessage(), e);
        }
    }

    /** The port the broker listens on (the actual one when configured with port 0). */
    public int port() {
        return server.port();
    }

    public String host() {
        return config.host();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The absolute data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The topics of this broker (for embedding code and tests that inspect them). */
    public TopicManager topics() {
        return topics;
    }

    /** The budget of produce data in flight (for embedding code and tests that watch it). */
    public ProduceMemory produceMemory() {
        return produceMemory;
    }

    /** This build's version, from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = SluiceBroker.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Shuts down cleanly; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Sluice broker {} shutting down", config.brokerId());
        server.stopAccepting();
        closeAll(resources);
        log.info("Sluice broker {} stopped", config.brokerId());
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                log.warn("Error while shutting down {}", r, e);
            }
        }
    }
}
