package io.sluice.broker.producer;

/**
 * The outcome of checking a batch against a partition's producer state, when the batch is not
 * refused: either it is the next batch and must be appended, or it repeats a recent batch and must
 * not be.
 */
public sealed interface SequenceCheck {
    /** The batch is new and in sequence (or carries no producer id): append it. */
    record Append() implements SequenceCheck {}

    /** The batch repeats {@code original}: answer with its offsets, append nothing. */
    record Duplicate(BatchMetadata original) implements SequenceCheck {}

    SequenceCheck APPEND = new Append();
}
