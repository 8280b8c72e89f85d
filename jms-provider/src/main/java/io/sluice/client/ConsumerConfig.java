package io.sluice.client;

import java.util.Properties;
import java.util.Set;

/**
 * How a {@link RecordConsumer} fetches: long-poll wait, minimum and maximum bytes. Built with {@link
 * #builder()} or read from {@link Properties} whose keys are the builder's method names.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConsumerConfig {
    public static final String FETCH_MAX_WAIT_MS = "fetchMaxWaitMs";
    public static final String FETCH_MIN_BYTES = "fetchMinBytes";
    public static final String FETCH_MAX_BYTES = "fetchMaxBytes";
    public static final String PARTITION_FETCH_MAX_BYTES = "partitionFetchMaxBytes";

    /** Every key {@link #fromProperties} understands. */
    public static final Set<String> KEYS =
            Set.of(FETCH_MAX_WAIT_MS, FETCH_MIN_BYTES, FETCH_MAX_BYTES, PARTITION_FETCH_MAX_BYTES);

    private final int fetchMaxWaitMs;
    private final int fetchMinBytes;
    private final int fetchMaxBytes;
    private final int partitionFetchMaxBytes;

    private ConsumerConfig(Builder b) {
        this.fetchMaxWaitMs = b.fetchMaxWaitMs;
        this.fetchMinBytes = b.fetchMinBytes;
        this.fetchMaxBytes = b.fetchMaxBytes;
        this.partitionFetchMaxBytes = b.partitionFetchMaxBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ConsumerConfig defaults() {
        return builder().build();
    }

    /**
     * Reads a configuration; keys of {@link ClientConfig} and {@link ProducerConfig} are allowed in
     * the same properties and ignored here, any other unknown key is rejected.
     */
    public static ConsumerConfig fromProperties(Properties properties) {
        ConfigValues v = new ConfigValues(properties);
        Builder b = builder();
        if (v.has(FETCH_MAX_WAIT_MS)) b.fetchMaxWaitMs(v.intValue(FETCH_MAX_WAIT_MS));
        if (v.has(FETCH_MIN_BYTES)) b.fetchMinBytes(v.intValue(FETCH_MIN_BYTES));
        if (v.has(FETCH_MAX_BYTES)) b.fetchMaxBytes(v.intValue(FETCH_MAX_BYTES));
        if (v.has(PARTITION_FETCH_MAX_BYTES)) b.partitionFetchMaxBytes(v.intValue(PARTITION_FETCH_MAX_BYTES));
        v.rejectUnknown("consumer", ClientConfig.union(ClientConfig.KEYS, ProducerConfig.KEYS));
        return b.build();
    }

    /** Longest time the broker holds a fetch open waiting for {@link #fetchMinBytes()}. */
    public int fetchMaxWaitMs() {
        return fetchMaxWaitMs;
    }

    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    /** Bytes per fetch response across partitions (at least one batch comes back even if larger). */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    public int partitionFetchMaxBytes() {
        return partitionFetchMaxBytes;
    }

    @Override
    public String toString() {
        return "ConsumerConfig[fetchMaxWaitMs=" + fetchMaxWaitMs + ", fetchMinBytes=" + fetchMinBytes
                + ", fetchMaxBytes=" + fetchMaxBytes + ", partitionFetchMaxBytes=" + partitionFetchMaxBytes + "]";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private int fetchMaxWaitMs = 500;
        private int fetchMinBytes = 1;
        private int fetchMaxBytes = 16 * 1024 * 1024;
        private int partitionFetchMaxBytes = 1024 * 1024;

        private Builder() {}

        public Builder fetchMaxWaitMs(int fetchMaxWaitMs) {
            this.fetchMaxWaitMs = fetchMaxWaitMs;
            return this;
        }

        public Builder fetchMinBytes(int fetchMinBytes) {
            this.fetchMinBytes = fetchMinBytes;
            return this;
        }

        public Builder fetchMaxBytes(int fetchMaxBytes) {
            this.fetchMaxBytes = fetchMaxBytes;
            return this;
        }

        public Builder partitionFetchMaxBytes(int partitionFetchMaxBytes) {
            this.partitionFetchMaxBytes = partitionFetchMaxBytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public ConsumerConfig build() {
            ConfigValues.check(fetchMaxWaitMs >= 0, FETCH_MAX_WAIT_MS, "must not be negative", fetchMaxWaitMs);
            ConfigValues.check(fetchMinBytes >= 0, FETCH_MIN_BYTES, "must not be negative", fetchMinBytes);
            ConfigValues.check(fetchMaxBytes >= 1, FETCH_MAX_BYTES, "must be positive", fetchMaxBytes);
            ConfigValues.check(
                    partitionFetchMaxBytes >= 1, PARTITION_FETCH_MAX_BYTES, "must be positive", partitionFetchMaxBytes);
            return new ConsumerConfig(this);
        }
    }
}
