package io.sluice.broker;

import io.sluice.broker.security.Authenticator.DeclaredUser;
import io.sluice.broker.security.DeclaredGrant;
import io.sluice.broker.security.DestinationPattern;
import io.sluice.broker.security.InvalidGrantException;
import io.sluice.broker.security.PasswordHasher;
import io.sluice.broker.server.ProduceMemory;
import io.sluice.broker.server.TlsConfig;
import io.sluice.broker.topic.InvalidConfigException;
import io.sluice.broker.topic.TopicConfig;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a broker needs to start. Build one with {@link #builder()} (embedded use and tests)
 * or {@link BrokerProperties#parse} (a properties file); every value is checked when built. Keys
 * and defaults are documented in {@code docs/configuration.md}.
 *
 * <p>Security is <b>on</b> by default: every connection must authenticate with a user kept in the
 * metadata store.
 *
 * <p>Immutable; thread-safe.
 */
public final class BrokerConfig {
    /** Upper bound of transaction.max.bytes: a transaction is one entry of the transaction journal. */
    public static final int MAX_TRANSACTION_BYTES = 256 * 1024 * 1024;

    private final int brokerId;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final boolean securityEnabled;
    private final int passwordIterations;
    private final Map<String, DeclaredUser> users;
    private final List<DeclaredGrant> grants;
    private final boolean passwordsRequireTls;
    private final TlsConfig tls;
    private final int preAuthMaxFrameBytes;
    private final int maxFrameBytes;
    private final int idleTimeoutMs;
    private final int preAuthTimeoutMs;
    private final int maxConnectionsPerAddress;
    private final int maxConsumersPerConnection;
    private final int maxTemporariesPerConnection;
    private final long produceMemoryBytes;
    private final long produceMemoryConnectionBytes;
    private final ProduceMemory.Policy produceMemoryPolicy;
    private final int writeBufferBytes;
    private final long minFreeDiskBytes;
    private final int maxInFlightRequests;
    private final int ioThreads;
    private final int storageThreads;
    private final int metadataThreads;
    private final int executorQueueCapacity;
    private final int producerIdBlockSize;
    private final long producerSnapshotIntervalMs;
    private final int defaultPartitions;
    private final int maxPartitions;
    private final TopicConfig topicDefaults;
    private final long shutdownTimeoutMs;
    private final boolean autoCreateDestinations;
    private final int deliveryThreads;
    private final int deliveryWindowMessages;
    private final long deliveryWindowBytes;
    private final int deliveryReadBytes;
    private final long deliverySnapshotIntervalMs;
    private final long deliveryDrainWaitMs;
    private final int cursorLogSegmentBytes;
    private final int transactionMaxBytes;
    private final int transactionMaxMessages;
    private final int transactionLogSegmentBytes;
    private final long transactionOutcomeRetentionMs;
    private final Clock clock;

    private BrokerConfig(Builder b) {
        this.brokerId = b.brokerId;
        this.host = Objects.requireNonNull(b.host, "host");
        this.port = b.port;
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        this.securityEnabled = b.securityEnabled;
        this.passwordIterations = b.passwordIterations;
        this.users = Map.copyOf(b.users);
        this.grants = List.copyOf(b.grants);
        this.passwordsRequireTls = b.passwordsRequireTls;
        this.tls = b.tls;
        this.preAuthMaxFrameBytes = b.preAuthMaxFrameBytes;
        this.maxFrameBytes = b.maxFrameBytes;
        this.idleTimeoutMs = b.idleTimeoutMs;
        this.preAuthTimeoutMs = b.preAuthTimeoutMs;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxConsumersPerConnection = b.maxConsumersPerConnection;
        this.maxTemporariesPerConnection = b.maxTemporariesPerConnection;
        this.produceMemoryBytes = b.produceMemoryBytes;
        this.produceMemoryConnectionBytes = b.produceMemoryConnectionBytes;
        this.produceMemoryPolicy = Objects.requireNonNull(b.produceMemoryPolicy, "produceMemoryPolicy");
        this.writeBufferBytes = b.writeBufferBytes;
        this.minFreeDiskBytes = b.minFreeDiskBytes;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.ioThreads = b.ioThreads;
        this.storageThreads = b.storageThreads;
        this.metadataThreads = b.metadataThreads;
        this.executorQueueCapacity = b.executorQueueCapacity;
        this.producerIdBlockSize = b.producerIdBlockSize;
        this.producerSnapshotIntervalMs = b.producerSnapshotIntervalMs;
        this.defaultPartitions = b.defaultPartitions;
        this.maxPartitions = b.maxPartitions;
        this.shutdownTimeoutMs = b.shutdownTimeoutMs;
        this.autoCreateDestinations = b.autoCreateDestinations;
        this.deliveryThreads = b.deliveryThreads;
        this.deliveryWindowMessages = b.deliveryWindowMessages;
        this.deliveryWindowBytes = b.deliveryWindowBytes;
        this.deliveryReadBytes = b.deliveryReadBytes;
        this.deliverySnapshotIntervalMs = b.deliverySnapshotIntervalMs;
        this.deliveryDrainWaitMs = b.deliveryDrainWaitMs;
        this.cursorLogSegmentBytes = b.cursorLogSegmentBytes;
        this.transactionMaxBytes = b.transactionMaxBytes;
        this.transactionMaxMessages = b.transactionMaxMessages;
        this.transactionLogSegmentBytes = b.transactionLogSegmentBytes;
        this.transactionOutcomeRetentionMs = b.transactionOutcomeRetentionMs;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        try {
            this.topicDefaults = TopicConfig.brokerDefaults(b.topicDefaults);
        } catch (InvalidConfigException e) {
            throw new BrokerConfigException("topic.default." + e.getMessage().replaceFirst("^config ", ""), e);
        }
        check(brokerId >= 0, "broker.id", "must be >= 0", brokerId);
        check(port >= 0 && port <= 65535, "listen.port", "must lie in [0, 65535]", port);
        check(
                passwordIterations >= PasswordHasher.MIN_ITERATIONS,
                "security.password.iterations",
                "must be at least " + PasswordHasher.MIN_ITERATIONS,
                passwordIterations);
        for (DeclaredGrant g : grants) {
            try {
                DestinationPattern.parse(g.pattern());
            } catch (InvalidGrantException e) {
                throw new BrokerConfigException(
                        "security.grants." + g.principalType() + "." + g.principal() + ": " + e.getMessage());
            }
        }
        check(preAuthMaxFrameBytes >= 1024, "frame.preauth.max.bytes", "must be at least 1024", preAuthMaxFrameBytes);
        check(
                maxFrameBytes >= preAuthMaxFrameBytes,
                "frame.max.bytes",
                "must be at least frame.preauth.max.bytes (" + preAuthMaxFrameBytes + ")",
                maxFrameBytes);
        check(idleTimeoutMs >= 1000, "connection.idle.timeout.ms", "must be at least 1000", idleTimeoutMs);
        check(maxInFlightRequests >= 1, "connection.max.inflight.requests", "must be >= 1", maxInFlightRequests);
        check(
                produceMemoryBytes >= 1024 * 1024,
                "produce.memory.bytes",
                "must be at least 1048576",
                produceMemoryBytes);
        check(
                produceMemoryConnectionBytes >= 64 * 1024 && produceMemoryConnectionBytes <= produceMemoryBytes,
                "produce.memory.connection.bytes",
                "must lie in [65536, produce.memory.bytes]",
                produceMemoryConnectionBytes);
        check(
                writeBufferBytes >= 64 * 1024,
                "connection.write.buffer.bytes",
                "must be at least 65536",
                writeBufferBytes);
        check(minFreeDiskBytes >= 0, "storage.min.free.bytes", "must be >= 0", minFreeDiskBytes);
        check(preAuthTimeoutMs >= 100, "connection.preauth.timeout.ms", "must be at least 100", preAuthTimeoutMs);
        check(
                maxConnectionsPerAddress >= 0,
                "connection.max.per.address",
                "must be >= 0 (0 = no limit)",
                maxConnectionsPerAddress);
        check(maxConsumersPerConnection >= 1, "connection.max.consumers", "must be >= 1", maxConsumersPerConnection);
        check(
                maxTemporariesPerConnection >= 0,
                "connection.max.temporaries",
                "must be >= 0",
                maxTemporariesPerConnection);
        check(ioThreads >= 1, "threads.io", "must be >= 1", ioThreads);
        check(storageThreads >= 1, "threads.storage", "must be >= 1", storageThreads);
        check(metadataThreads >= 1, "threads.metadata", "must be >= 1", metadataThreads);
        check(executorQueueCapacity >= 16, "executor.queue.capacity", "must be >= 16", executorQueueCapacity);
        check(producerIdBlockSize >= 1, "producer.id.block.size", "must be >= 1", producerIdBlockSize);
        check(
                producerSnapshotIntervalMs >= 100,
                "producer.snapshot.interval.ms",
                "must be >= 100",
                producerSnapshotIntervalMs);
        check(maxPartitions >= 1, "topic.max.partitions", "must be >= 1", maxPartitions);
        check(
                defaultPartitions >= 1 && defaultPartitions <= maxPartitions,
                "topic.default.partitions",
                "must lie in [1, topic.max.partitions]",
                defaultPartitions);
        check(shutdownTimeoutMs >= 0, "shutdown.timeout.ms", "must be >= 0", shutdownTimeoutMs);
        check(deliveryThreads >= 1, "threads.delivery", "must be >= 1", deliveryThreads);
        check(
                deliveryWindowMessages >= 16 && deliveryWindowMessages <= 1_000_000,
                "delivery.window.messages",
                "must lie in [16, 1000000]",
                deliveryWindowMessages);
        check(deliveryWindowBytes >= 1024, "delivery.window.bytes", "must be >= 1024", deliveryWindowBytes);
        check(
                deliveryReadBytes >= 1024 && deliveryReadBytes <= 64 * 1024 * 1024,
                "delivery.read.bytes",
                "must lie in [1024, 67108864]",
                deliveryReadBytes);
        check(
                deliverySnapshotIntervalMs >= 100,
                "delivery.snapshot.interval.ms",
                "must be >= 100",
                deliverySnapshotIntervalMs);
        check(
                deliveryDrainWaitMs >= 0 && deliveryDrainWaitMs <= 60_000,
                "delivery.drain.wait.ms",
                "must lie in [0, 60000]",
                deliveryDrainWaitMs);
        check(
                cursorLogSegmentBytes >= 64 * 1024,
                "cursor.log.segment.bytes",
                "must be >= 65536",
                cursorLogSegmentBytes);
        check(
                transactionMaxBytes >= 1024 && transactionMaxBytes <= MAX_TRANSACTION_BYTES,
                "transaction.max.bytes",
                "must lie in [1024, " + MAX_TRANSACTION_BYTES + "]",
                transactionMaxBytes);
        check(
                transactionMaxMessages >= 1 && transactionMaxMessages <= 1_000_000,
                "transaction.max.messages",
                "must lie in [1, 1000000]",
                transactionMaxMessages);
        check(
                transactionLogSegmentBytes >= 64 * 1024,
                "transaction.log.segment.bytes",
                "must be >= 65536",
                transactionLogSegmentBytes);
        check(
                transactionOutcomeRetentionMs >= 1000,
                "transaction.outcome.retention.ms",
                "must be >= 1000",
                transactionOutcomeRetentionMs);
    }

    private static void check(boolean ok, String key, String rule, Object value) {
        if (!ok) {
            throw new BrokerConfigException(key + " " + rule + ", was " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A broker for tests and embedding: port 0 (any free port), security off, small thread pools,
     * 16 MiB of disk kept free.
     */
    public static Builder forTesting(Path dataDir) {
        return builder()
                .port(0)
                .dataDir(dataDir)
                .securityEnabled(false)
                .passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .ioThreads(1)
                .storageThreads(2)
                .metadataThreads(2)
                .deliveryThreads(2)
                .minFreeDiskBytes(16L * 1024 * 1024);
    }

    public int brokerId() {
        return brokerId;
    }

    public String host() {
        return host;
    }

    /** The configured port; 0 means any free port (see {@link SluiceBroker#port()}). */
    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean securityEnabled() {
        return securityEnabled;
    }

    public int passwordIterations() {
        return passwordIterations;
    }

    /** Users to create or update at start, by name. */
    public Map<String, DeclaredUser> users() {
        return users;
    }

    /** Whether a handshake carrying a password is refused on a connection without TLS. */
    public boolean passwordsRequireTls() {
        return passwordsRequireTls;
    }

    /** TLS on the broker port, or null for plain TCP. */
    public TlsConfig tls() {
        return tls;
    }

    /** Grants to add to the metadata store at start. */
    public List<DeclaredGrant> grants() {
        return grants;
    }

    public int preAuthMaxFrameBytes() {
        return preAuthMaxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int idleTimeoutMs() {
        return idleTimeoutMs;
    }

    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** Time from accepting a connection until it must have completed its handshake. */
    public int preAuthTimeoutMs() {
        return preAuthTimeoutMs;
    }

    /** Open connections one client address may have; 0 = no limit. */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** Consumers one connection may have open (or being created). */
    public int maxConsumersPerConnection() {
        return maxConsumersPerConnection;
    }

    /** Bytes of produce data the broker holds in flight, over all connections. */
    public long produceMemoryBytes() {
        return produceMemoryBytes;
    }

    /** Bytes of produce data the broker holds in flight for one connection. */
    public long produceMemoryConnectionBytes() {
        return produceMemoryConnectionBytes;
    }

    /** What a producer that outruns the broker gets: slowed down (BLOCK) or refused (FAIL). */
    public ProduceMemory.Policy produceMemoryPolicy() {
        return produceMemoryPolicy;
    }

    /** Bytes queued for a connection above which pushes and reading stop. */
    public int writeBufferBytes() {
        return writeBufferBytes;
    }

    /** Disk space producers may never take: below it, produce requests get STORAGE_FULL. */
    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    /** Temporary destinations one connection may own (or be creating). */
    public int maxTemporariesPerConnection() {
        return maxTemporariesPerConnection;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public int storageThreads() {
        return storageThreads;
    }

    public int metadataThreads() {
        return metadataThreads;
    }

    public int executorQueueCapacity() {
        return executorQueueCapacity;
    }

    public int producerIdBlockSize() {
        return producerIdBlockSize;
    }

    public long producerSnapshotIntervalMs() {
        return producerSnapshotIntervalMs;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public int maxPartitions() {
        return maxPartitions;
    }

    /** The configuration of a topic that overrides nothing. */
    public TopicConfig topicDefaults() {
        return topicDefaults;
    }

    public long shutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    /** Whether RESOLVE_DESTINATION and CREATE_CONSUMER may create destinations on first use. */
    public boolean autoCreateDestinations() {
        return autoCreateDestinations;
    }

    public int deliveryThreads() {
        return deliveryThreads;
    }

    /** Most unacknowledged records a cursor holds in its window, per partition. */
    public int deliveryWindowMessages() {
        return deliveryWindowMessages;
    }

    /** Most bytes of records a cursor's window may stand for, per partition. */
    public long deliveryWindowBytes() {
        return deliveryWindowBytes;
    }

    /** Bytes a cursor reads from the log at a time. */
    public int deliveryReadBytes() {
        return deliveryReadBytes;
    }

    public long deliverySnapshotIntervalMs() {
        return deliverySnapshotIntervalMs;
    }

    /** How long a drain waits for records appended before it to become readable. */
    public long deliveryDrainWaitMs() {
        return deliveryDrainWaitMs;
    }

    public int cursorLogSegmentBytes() {
        return cursorLogSegmentBytes;
    }

    /** Most bytes of record batches one transaction may send. */
    public int transactionMaxBytes() {
        return transactionMaxBytes;
    }

    /** Most records sent plus deliveries acknowledged by one transaction. */
    public int transactionMaxMessages() {
        return transactionMaxMessages;
    }

    public int transactionLogSegmentBytes() {
        return transactionLogSegmentBytes;
    }

    /** How long the outcome of a committed transaction is remembered for resends. */
    public long transactionOutcomeRetentionMs() {
        return transactionOutcomeRetentionMs;
    }

    public Clock clock() {
        return clock;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.brokerId = brokerId;
        b.host = host;
        b.port = port;
        b.dataDir = dataDir;
        b.securityEnabled = securityEnabled;
        b.passwordIterations = passwordIterations;
        b.users.putAll(users);
        b.grants.addAll(grants);
        b.passwordsRequireTls = passwordsRequireTls;
        b.tls = tls;
        b.preAuthMaxFrameBytes = preAuthMaxFrameBytes;
        b.maxFrameBytes = maxFrameBytes;
        b.idleTimeoutMs = idleTimeoutMs;
        b.preAuthTimeoutMs = preAuthTimeoutMs;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.maxConsumersPerConnection = maxConsumersPerConnection;
        b.maxTemporariesPerConnection = maxTemporariesPerConnection;
        b.produceMemoryBytes = produceMemoryBytes;
        b.produceMemoryConnectionBytes = produceMemoryConnectionBytes;
        b.produceMemoryPolicy = produceMemoryPolicy;
        b.writeBufferBytes = writeBufferBytes;
        b.minFreeDiskBytes = minFreeDiskBytes;
        b.maxInFlightRequests = maxInFlightRequests;
        b.ioThreads = ioThreads;
        b.storageThreads = storageThreads;
        b.metadataThreads = metadataThreads;
        b.executorQueueCapacity = executorQueueCapacity;
        b.producerIdBlockSize = producerIdBlockSize;
        b.producerSnapshotIntervalMs = producerSnapshotIntervalMs;
        b.defaultPartitions = defaultPartitions;
        b.maxPartitions = maxPartitions;
        b.topicDefaults.putAll(topicDefaults.effective());
        b.shutdownTimeoutMs = shutdownTimeoutMs;
        b.autoCreateDestinations = autoCreateDestinations;
        b.deliveryThreads = deliveryThreads;
        b.deliveryWindowMessages = deliveryWindowMessages;
        b.deliveryWindowBytes = deliveryWindowBytes;
        b.deliveryReadBytes = deliveryReadBytes;
        b.deliverySnapshotIntervalMs = deliverySnapshotIntervalMs;
        b.deliveryDrainWaitMs = deliveryDrainWaitMs;
        b.cursorLogSegmentBytes = cursorLogSegmentBytes;
        b.transactionMaxBytes = transactionMaxBytes;
        b.transactionMaxMessages = transactionMaxMessages;
        b.transactionLogSegmentBytes = transactionLogSegmentBytes;
        b.transactionOutcomeRetentionMs = transactionOutcomeRetentionMs;
        b.clock = clock;
        return b;
    }

    /** Builds a {@link BrokerConfig}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int brokerId = 0;
        private String host = "127.0.0.1";
        private int port = 7676;
        private Path dataDir = Path.of("data");
        private boolean securityEnabled = true;
        private int passwordIterations = 210_000;
        private final Map<String, DeclaredUser> users = new LinkedHashMap<>();
        private final List<DeclaredGrant> grants = new ArrayList<>();
        private boolean passwordsRequireTls = false;
        private TlsConfig tls;
        private int preAuthMaxFrameBytes = 64 * 1024;
        private int maxFrameBytes = 32 * 1024 * 1024;
        private int idleTimeoutMs = 60_000;
        private int preAuthTimeoutMs = 10_000;
        private int maxConnectionsPerAddress = 1000;
        private int maxConsumersPerConnection = 10_000;
        private int maxTemporariesPerConnection = 1000;
        private long produceMemoryBytes = 256L * 1024 * 1024;
        private long produceMemoryConnectionBytes = 64L * 1024 * 1024;
        private ProduceMemory.Policy produceMemoryPolicy = ProduceMemory.Policy.BLOCK;
        private int writeBufferBytes = 4 * 1024 * 1024;
        private long minFreeDiskBytes = 256L * 1024 * 1024;
        private int maxInFlightRequests = 256;
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private int storageThreads = 4;
        private int metadataThreads = 2;
        private int executorQueueCapacity = 4096;
        private int producerIdBlockSize = 1000;
        private long producerSnapshotIntervalMs = 10_000;
        private int defaultPartitions = 1;
        private int maxPartitions = 1000;
        private final Map<String, String> topicDefaults = new LinkedHashMap<>();
        private long shutdownTimeoutMs = 10_000;
        private boolean autoCreateDestinations = true;
        private int deliveryThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private int deliveryWindowMessages = 4096;
        private long deliveryWindowBytes = 64L * 1024 * 1024;
        private int deliveryReadBytes = 1024 * 1024;
        private long deliverySnapshotIntervalMs = 10_000;
        private long deliveryDrainWaitMs = 1_000;
        private int cursorLogSegmentBytes = 64 * 1024 * 1024;
        private int transactionMaxBytes = 16 * 1024 * 1024;
        private int transactionMaxMessages = 100_000;
        private int transactionLogSegmentBytes = 64 * 1024 * 1024;
        private long transactionOutcomeRetentionMs = 60 * 60 * 1000L;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder brokerId(int brokerId) {
            this.brokerId = brokerId;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder securityEnabled(boolean securityEnabled) {
            this.securityEnabled = securityEnabled;
            return this;
        }

        public Builder passwordIterations(int passwordIterations) {
            this.passwordIterations = passwordIterations;
            return this;
        }

        /** Declares a user, created or updated in the metadata store at start. */
        public Builder user(String username, String password, List<String> roles) {
            users.put(username, new DeclaredUser(password, roles));
            return this;
        }

        /**
         * Declares a grant, added to the metadata store at start: {@code permissions} on every
         * destination {@code pattern} matches, for a user or a role (docs/security.md).
         */
        public Builder grant(PrincipalType type, String principal, String pattern, Permission... permissions) {
            EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
            set.addAll(List.of(permissions));
            grants.add(new DeclaredGrant(type, principal, pattern, set));
            return this;
        }

        /** Refuses handshakes that carry a password over a connection without TLS. */
        public Builder passwordsRequireTls(boolean passwordsRequireTls) {
            this.passwordsRequireTls = passwordsRequireTls;
            return this;
        }

        /** TLS on the broker port; null (the default) for plain TCP. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        public Builder preAuthMaxFrameBytes(int preAuthMaxFrameBytes) {
            this.preAuthMaxFrameBytes = preAuthMaxFrameBytes;
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public Builder idleTimeoutMs(int idleTimeoutMs) {
            this.idleTimeoutMs = idleTimeoutMs;
            return this;
        }

        public Builder preAuthTimeoutMs(int preAuthTimeoutMs) {
            this.preAuthTimeoutMs = preAuthTimeoutMs;
            return this;
        }

        /** 0 for no limit. */
        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
            return this;
        }

        public Builder maxConsumersPerConnection(int maxConsumersPerConnection) {
            this.maxConsumersPerConnection = maxConsumersPerConnection;
            return this;
        }

        public Builder maxTemporariesPerConnection(int maxTemporariesPerConnection) {
            this.maxTemporariesPerConnection = maxTemporariesPerConnection;
            return this;
        }

        public Builder produceMemoryBytes(long produceMemoryBytes) {
            this.produceMemoryBytes = produceMemoryBytes;
            return this;
        }

        public Builder produceMemoryConnectionBytes(long produceMemoryConnectionBytes) {
            this.produceMemoryConnectionBytes = produceMemoryConnectionBytes;
            return this;
        }

        public Builder produceMemoryPolicy(ProduceMemory.Policy produceMemoryPolicy) {
            this.produceMemoryPolicy = produceMemoryPolicy;
            return this;
        }

        /** 0 refuses producers only after a write found the disk full. */
        public Builder minFreeDiskBytes(long minFreeDiskBytes) {
            this.minFreeDiskBytes = minFreeDiskBytes;
            return this;
        }

        public Builder writeBufferBytes(int writeBufferBytes) {
            this.writeBufferBytes = writeBufferBytes;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder storageThreads(int storageThreads) {
            this.storageThreads = storageThreads;
            return this;
        }

        public Builder metadataThreads(int metadataThreads) {
            this.metadataThreads = metadataThreads;
            return this;
        }

        public Builder executorQueueCapacity(int executorQueueCapacity) {
            this.executorQueueCapacity = executorQueueCapacity;
            return this;
        }

        public Builder producerIdBlockSize(int producerIdBlockSize) {
            this.producerIdBlockSize = producerIdBlockSize;
            return this;
        }

        public Builder producerSnapshotIntervalMs(long producerSnapshotIntervalMs) {
            this.producerSnapshotIntervalMs = producerSnapshotIntervalMs;
            return this;
        }

        public Builder defaultPartitions(int defaultPartitions) {
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        public Builder maxPartitions(int maxPartitions) {
            this.maxPartitions = maxPartitions;
            return this;
        }

        /** Overrides the default of a topic config key (e.g. "retention.ms") for every topic. */
        public Builder topicDefault(String key, String value) {
            topicDefaults.put(key, value);
            return this;
        }

        public Builder shutdownTimeoutMs(long shutdownTimeoutMs) {
            this.shutdownTimeoutMs = shutdownTimeoutMs;
            return this;
        }

        public Builder autoCreateDestinations(boolean autoCreateDestinations) {
            this.autoCreateDestinations = autoCreateDestinations;
            return this;
        }

        public Builder deliveryThreads(int deliveryThreads) {
            this.deliveryThreads = deliveryThreads;
            return this;
        }

        public Builder deliveryWindowMessages(int deliveryWindowMessages) {
            this.deliveryWindowMessages = deliveryWindowMessages;
            return this;
        }

        public Builder deliveryWindowBytes(long deliveryWindowBytes) {
            this.deliveryWindowBytes = deliveryWindowBytes;
            return this;
        }

        public Builder deliveryReadBytes(int deliveryReadBytes) {
            this.deliveryReadBytes = deliveryReadBytes;
            return this;
        }

        public Builder deliverySnapshotIntervalMs(long deliverySnapshotIntervalMs) {
            this.deliverySnapshotIntervalMs = deliverySnapshotIntervalMs;
            return this;
        }

        public Builder deliveryDrainWaitMs(long deliveryDrainWaitMs) {
            this.deliveryDrainWaitMs = deliveryDrainWaitMs;
            return this;
        }

        public Builder cursorLogSegmentBytes(int cursorLogSegmentBytes) {
            this.cursorLogSegmentBytes = cursorLogSegmentBytes;
            return this;
        }

        public Builder transactionMaxBytes(int transactionMaxBytes) {
            this.transactionMaxBytes = transactionMaxBytes;
            return this;
        }

        public Builder transactionMaxMessages(int transactionMaxMessages) {
            this.transactionMaxMessages = transactionMaxMessages;
            return this;
        }

        public Builder transactionLogSegmentBytes(int transactionLogSegmentBytes) {
            this.transactionLogSegmentBytes = transactionLogSegmentBytes;
            return this;
        }

        public Builder transactionOutcomeRetentionMs(long transactionOutcomeRetentionMs) {
            this.transactionOutcomeRetentionMs = transactionOutcomeRetentionMs;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws BrokerConfigException naming the first invalid setting */
        public BrokerConfig build() {
            return new BrokerConfig(this);
        }
    }
}
