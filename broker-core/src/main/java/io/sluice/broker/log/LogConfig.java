package io.sluice.broker.log;

import java.util.Objects;

/**
 * Settings of one partition log. Every size is in bytes and every duration in milliseconds, as the
 * component names say. Build one with {@link #builder()}; {@link #DEFAULT} holds the defaults.
 *
 * <p>Immutable and thread-safe.
 *
 * @param segmentBytes roll to a new segment when an append would make the active one larger than
 *     this (default 1 GiB; at most {@link Integer#MAX_VALUE} because index positions are 32-bit)
 * @param segmentMs roll when the active segment's first batch is older than this (default 7 days)
 * @param retentionMs delete a closed segment once its newest record timestamp is older than this;
 *     -1 keeps segments forever (default 7 days)
 * @param retentionBytes delete the oldest closed segments while the log is larger than this; -1
 *     means no size limit (default -1)
 * @param indexIntervalBytes log bytes between two sparse index entries (default 4 KiB)
 * @param maxBatchBytes largest record batch an append accepts, header included (default 16 MiB); a
 *     batch larger than {@code segmentBytes} gets a segment of its own
 * @param flushPolicy when appended bytes are forced to disk (default {@link FlushPolicy#GROUP})
 * @param flushLingerMs with {@link FlushPolicy#GROUP}: how long the flusher waits after the first
 *     unflushed append before it fsyncs, to gather more appends into one fsync (default 0)
 */
public record LogConfig(
        long segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int indexIntervalBytes,
        int maxBatchBytes,
        FlushPolicy flushPolicy,
        long flushLingerMs) {

    public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_BYTES = -1L;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_FLUSH_LINGER_MS = 0L;

    /** Smallest segment size accepted; small values only make sense in tests. */
    public static final long MIN_SEGMENT_BYTES = 1024;

    /** The size of a batch header, the smallest possible batch. */
    public static final int MIN_BATCH_BYTES = 57;

    public static final LogConfig DEFAULT = builder().build();

    public LogConfig {
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "segmentBytes must lie in [" + MIN_SEGMENT_BYTES + ", " + Integer.MAX_VALUE + "]: " + segmentBytes);
        }
        if (segmentMs <= 0) {
            throw new IllegalArgumentException("segmentMs must be > 0: " + segmentMs);
        }
        if (retentionMs < -1) {
            throw new IllegalArgumentException("retentionMs must be >= 0, or -1 for unlimited: " + retentionMs);
        }
        if (retentionBytes < -1) {
            throw new IllegalArgumentException("retentionBytes must be >= 0, or -1 for unlimited: " + retentionBytes);
        }
        if (indexIntervalBytes <= 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be > 0: " + indexIntervalBytes);
        }
        if (maxBatchBytes < MIN_BATCH_BYTES) {
            throw new IllegalArgumentException(
                    "maxBatchBytes must be at least " + MIN_BATCH_BYTES + " (an empty batch): " + maxBatchBytes);
        }
        if (flushLingerMs < 0) {
            throw new IllegalArgumentException("flushLingerMs must be >= 0: " + flushLingerMs);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .segmentBytes(segmentBytes)
                .segmentMs(segmentMs)
                .retentionMs(retentionMs)
                .retentionBytes(retentionBytes)
                .indexIntervalBytes(indexIntervalBytes)
                .maxBatchBytes(maxBatchBytes)
                .flushPolicy(flushPolicy)
                .flushLingerMs(flushLingerMs);
    }

    /** Builds a {@link LogConfig}; values are checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private long segmentBytes = DEFAULT_SEGMENT_BYTES;
        private long segmentMs = DEFAULT_SEGMENT_MS;
        private long retentionMs = DEFAULT_RETENTION_MS;
        private long retentionBytes = DEFAULT_RETENTION_BYTES;
        private int indexIntervalBytes = DEFAULT_INDEX_INTERVAL_BYTES;
        private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private FlushPolicy flushPolicy = FlushPolicy.GROUP;
        private long flushLingerMs = DEFAULT_FLUSH_LINGER_MS;

        private Builder() {}

        public Builder segmentBytes(long segmentBytes) {
            this.segmentBytes = segmentBytes;
            return this;
        }

        public Builder segmentMs(long segmentMs) {
            this.segmentMs = segmentMs;
            return this;
        }

        public Builder retentionMs(long retentionMs) {
            this.retentionMs = retentionMs;
            return this;
        }

        public Builder retentionBytes(long retentionBytes) {
            this.retentionBytes = retentionBytes;
            return this;
        }

        public Builder indexIntervalBytes(int indexIntervalBytes) {
            this.indexIntervalBytes = indexIntervalBytes;
            return this;
        }

        public Builder maxBatchBytes(int maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        public Builder flushPolicy(FlushPolicy flushPolicy) {
            this.flushPolicy = flushPolicy;
            return this;
        }

        public Builder flushLingerMs(long flushLingerMs) {
            this.flushLingerMs = flushLingerMs;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public LogConfig build() {
            return new LogConfig(
                    segmentBytes,
                    segmentMs,
                    retentionMs,
                    retentionBytes,
                    indexIntervalBytes,
                    maxBatchBytes,
                    flushPolicy,
                    flushLingerMs);
        }
    }
}
