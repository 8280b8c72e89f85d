package io.sluice.broker.partition;

/**
 * What a produce request achieved on one partition.
 *
 * @param firstOffset offset of the first record of the first batch (the original's, for a duplicate)
 * @param lastOffset offset of the last record of the last batch
 * @param appendTimeMs broker time of the (original) append
 * @param logStartOffset the partition's log start offset afterwards
 */
public record AppendOutcome(long firstOffset, long lastOffset, long appendTimeMs, long logStartOffset) {}
