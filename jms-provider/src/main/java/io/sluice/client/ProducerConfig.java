package io.sluice.client;

import io.sluice.protocol.api.Durability;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How a {@link RecordProducer} batches, bounds its memory, pipelines and retries. Built with {@link
 * #builder()} or read from {@link Properties} whose keys are the builder's method names; see {@code
 * docs/client.md}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ProducerConfig {
    public static final String LINGER_MS = "lingerMs";
    public static final String BATCH_SIZE_BYTES = "batchSizeBytes";
    public static final String BUFFER_MEMORY_BYTES = "bufferMemoryBytes";
    public static final String MAX_BLOCK_MS = "maxBlockMs";
    public static final String MAX_IN_FLIGHT_REQUESTS = "maxInFlightRequests";
    public static final String DELIVERY_TIMEOUT_MS = "deliveryTimeoutMs";
    public static final String RETRY_BACKOFF_MS = "retryBackoffMs";
    public static final String IDEMPOTENCE = "idempotence";
    public static final String PRODUCER_NAME = "producerName";
    public static final String DEFAULT_DURABILITY = "defaultDurability";

    /** Every key {@link #fromProperties} understands. */
    public static final Set<String> KEYS = Set.of(
            LINGER_MS,
            BATCH_SIZE_BYTES,
            BUFFER_MEMORY_BYTES,
            MAX_BLOCK_MS,
            MAX_IN_FLIGHT_REQUESTS,
            DELIVERY_TIMEOUT_MS,
            RETRY_BACKOFF_MS,
            IDEMPOTENCE,
            PRODUCER_NAME,
            DEFAULT_DURABILITY);

    /**
     * The broker recognises a re-sent batch among the last five of a producer and partition, so an
     * idempotent producer never has more unanswered batches of one partition than that.
     */
    public static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    private final int lingerMs;
    private final int batchSizeBytes;
    private final long bufferMemoryBytes;
    private final long maxBlockMs;
    private final int maxInFlightRequests;
    private final long deliveryTimeoutMs;
    private final int retryBackoffMs;
    private final boolean idempotence;
    private final String producerName;
    private final Durability defaultDurability;

    private ProducerConfig(Builder b) {
        this.lingerMs = b.lingerMs;
        this.batchSizeBytes = b.batchSizeBytes;
        this.bufferMemoryBytes = b.bufferMemoryBytes;
        this.maxBlockMs = b.maxBlockMs;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.deliveryTimeoutMs = b.deliveryTimeoutMs;
        this.retryBackoffMs = b.retryBackoffMs;
        this.idempotence = b.idempotence;
        this.producerName = b.producerName;
        this.defaultDurability = b.defaultDurability;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static ProducerConfig defaults() {
        return builder().build();
    }

    /**
     * Reads a configuration; keys of {@link ClientConfig} and {@link ConsumerConfig} are allowed in
     * the same properties and ignored here, any other unknown key is rejected.
     *
     * @throws IllegalArgumentException naming the first key that is unknown or out of range
     */
    public static ProducerConfig fromProperties(Properties properties) {
        ConfigValues v = new ConfigValues(properties);
        Builder b = builder();
        if (v.has(LINGER_MS)) b.lingerMs(v.intValue(LINGER_MS));
        if (v.has(BATCH_SIZE_BYTES)) b.batchSizeBytes(v.intValue(BATCH_SIZE_BYTES));
        if (v.has(BUFFER_MEMORY_BYTES)) b.bufferMemoryBytes(v.longValue(BUFFER_MEMORY_BYTES));
        if (v.has(MAX_BLOCK_MS)) b.maxBlockMs(v.longValue(MAX_BLOCK_MS));
        if (v.has(MAX_IN_FLIGHT_REQUESTS)) b.maxInFlightRequests(v.intValue(MAX_IN_FLIGHT_REQUESTS));
        if (v.has(DELIVERY_TIMEOUT_MS)) b.deliveryTimeoutMs(v.longValue(DELIVERY_TIMEOUT_MS));
        if (v.has(RETRY_BACKOFF_MS)) b.retryBackoffMs(v.intValue(RETRY_BACKOFF_MS));
        if (v.has(IDEMPOTENCE)) b.idempotence(v.booleanValue(IDEMPOTENCE));
        if (v.has(PRODUCER_NAME)) b.producerName(v.string(PRODUCER_NAME));
        if (v.has(DEFAULT_DURABILITY)) b.defaultDurability(parseDurability(v.string(DEFAULT_DURABILITY)));
        v.rejectUnknown("producer", ClientConfig.union(ClientConfig.KEYS, ConsumerConfig.KEYS));
        return b.build();
    }

    private static Durability parseDurability(String value) {
        try {
            return Durability.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    DEFAULT_DURABILITY + " must be APPENDED or DURABLE, was '" + value + "'", e);
        }
    }

    /** How long a batch waits for more records before it is sent; 0 = send as soon as possible. */
    public int lingerMs() {
        return lingerMs;
    }

    /** Size at which a batch is closed and sent (a single larger record makes a batch of its own). */
    public int batchSizeBytes() {
        return batchSizeBytes;
    }

    /** Bytes of unacknowledged batches a producer may hold; {@code send} blocks or fails beyond. */
    public long bufferMemoryBytes() {
        return bufferMemoryBytes;
    }

    /** How long {@code send} may block for buffer memory or topic metadata; 0 = fail at once. */
    public long maxBlockMs() {
        return maxBlockMs;
    }

    /** Produce requests awaiting an answer at any time (at most 5 with idempotence). */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** A record not yet sent after this long fails with REQUEST_TIMED_OUT; see docs/client.md. */
    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    /** Pause before re-sending a batch the broker refused with a retriable error. */
    public int retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Whether batches carry producer id and sequence numbers so that re-sends never duplicate. */
    public boolean idempotence() {
        return idempotence;
    }

    /**
     * A stable name for the producer identity, or {@code null}: with a name, a new producer fences
     * older instances of the same name (PRODUCER_FENCED).
     */
    public String producerName() {
        return producerName;
    }

    /** Durability of records that do not name one. */
    public Durability defaultDurability() {
        return defaultDurability;
    }

    @Override
    public String toString() {
        return "ProducerConfig[lingerMs=" + lingerMs + ", batchSizeBytes=" + batchSizeBytes + ", bufferMemoryBytes="
                + bufferMemoryBytes + ", maxBlockMs=" + maxBlockMs + ", maxInFlightRequests=" + maxInFlightRequests
                + ", deliveryTimeoutMs=" + deliveryTimeoutMs + ", retryBackoffMs=" + retryBackoffMs
                + ", idempotence=" + idempotence + ", producerName=" + producerName + ", defaultDurability="
                + defaultDurability + "]";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private int lingerMs = 5;
        private int batchSizeBytes = 64 * 1024;
        private long bufferMemoryBytes = 32L * 1024 * 1024;
        private long maxBlockMs = 60_000;
        private int maxInFlightRequests = MAX_IDEMPOTENT_IN_FLIGHT;
        private long deliveryTimeoutMs = 120_000;
        private int retryBackoffMs = 100;
        private boolean idempotence = true;
        private String producerName;
        private Durability defaultDurability = Durability.DURABLE;

        private Builder() {}

        public Builder lingerMs(int lingerMs) {
            this.lingerMs = lingerMs;
            return this;
        }

        public Builder batchSizeBytes(int batchSizeBytes) {
            this.batchSizeBytes = batchSizeBytes;
            return this;
        }

        public Builder bufferMemoryBytes(long bufferMemoryBytes) {
            this.bufferMemoryBytes = bufferMemoryBytes;
            return this;
        }

        public Builder maxBlockMs(long maxBlockMs) {
            this.maxBlockMs = maxBlockMs;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder deliveryTimeoutMs(long deliveryTimeoutMs) {
            this.deliveryTimeoutMs = deliveryTimeoutMs;
            return this;
        }

        public Builder retryBackoffMs(int retryBackoffMs) {
            this.retryBackoffMs = retryBackoffMs;
            return this;
        }

        public Builder idempotence(boolean idempotence) {
            this.idempotence = idempotence;
            return this;
        }

        public Builder producerName(String producerName) {
            this.producerName = producerName;
            return this;
        }

        public Builder defaultDurability(Durability defaultDurability) {
            this.defaultDurability = Objects.requireNonNull(defaultDurability, DEFAULT_DURABILITY);
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public ProducerConfig build() {
            ConfigValues.check(lingerMs >= 0, LINGER_MS, "must not be negative", lingerMs);
            ConfigValues.check(batchSizeBytes >= 128, BATCH_SIZE_BYTES, "must be at least 128", batchSizeBytes);
            ConfigValues.check(
                    bufferMemoryBytes >= batchSizeBytes,
                    BUFFER_MEMORY_BYTES,
                    "must be at least batchSizeBytes (" + batchSizeBytes + ")",
                    bufferMemoryBytes);
            ConfigValues.check(maxBlockMs >= 0, MAX_BLOCK_MS, "must not be negative", maxBlockMs);
            ConfigValues.check(
                    maxInFlightRequests >= 1, MAX_IN_FLIGHT_REQUESTS, "must be at least 1", maxInFlightRequests);
            ConfigValues.check(
                    !idempotence || maxInFlightRequests <= MAX_IDEMPOTENT_IN_FLIGHT,
                    MAX_IN_FLIGHT_REQUESTS,
                    "must be at most " + MAX_IDEMPOTENT_IN_FLIGHT + " with idempotence (the broker recognises"
                            + " re-sent batches among the last " + MAX_IDEMPOTENT_IN_FLIGHT + ")",
                    maxInFlightRequests);
            ConfigValues.check(deliveryTimeoutMs > 0, DELIVERY_TIMEOUT_MS, "must be positive", deliveryTimeoutMs);
            ConfigValues.check(retryBackoffMs >= 0, RETRY_BACKOFF_MS, "must not be negative", retryBackoffMs);
            return new ProducerConfig(this);
        }
    }
}
