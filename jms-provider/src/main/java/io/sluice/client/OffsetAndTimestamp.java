package io.sluice.client;

/**
 * An offset found by {@link SluiceAdmin#listOffsets}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param timestamp the timestamp of the record found, or -1 (latest, earliest, or no such record)
 */
public record OffsetAndTimestamp(long offset, long timestamp) {}
