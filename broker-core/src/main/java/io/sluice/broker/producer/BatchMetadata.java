package io.sluice.broker.producer;

/**
 * What the broker remembers of one appended batch of an idempotent producer: its sequence range
 * and the offsets it was given, so that a resend can be answered with the same offsets.
 *
 * @param firstSequence sequence of the batch's first record
 * @param lastSequence sequence of its last record (wraps past {@link Integer#MAX_VALUE} to 0)
 * @param appendTimeMs broker time of the original append
 */
public record BatchMetadata(
        int firstSequence, int lastSequence, long firstOffset, long lastOffset, long appendTimeMs) {}
