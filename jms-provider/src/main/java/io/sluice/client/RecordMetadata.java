package io.sluice.client;

/**
 * Where an acknowledged record was stored.
 *
 * <p>Immutable; thread-safe.
 *
 * @param offset the record's offset in its partition
 * @param timestamp the record's timestamp, epoch milliseconds
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {}
