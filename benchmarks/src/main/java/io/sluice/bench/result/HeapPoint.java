package io.sluice.bench.result;

/**
 * The broker's live heap after a full GC with {@code queuedMessages} messages waiting.
 *
 * <p>Immutable; thread-safe.
 */
public record HeapPoint(long queuedMessages, long liveHeapBytes) {}
