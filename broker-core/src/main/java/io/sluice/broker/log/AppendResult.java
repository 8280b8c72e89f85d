package io.sluice.broker.log;

/**
 * What an append stored. Immutable.
 *
 * @param firstOffset offset assigned to the first record of the first batch
 * @param lastOffset offset assigned to the last record of the last batch
 * @param appendTimeMs the log's clock when the batches were appended
 * @param recordCount records appended
 * @param sizeInBytes bytes appended
 */
public record AppendResult(long firstOffset, long lastOffset, long appendTimeMs, int recordCount, int sizeInBytes) {}
