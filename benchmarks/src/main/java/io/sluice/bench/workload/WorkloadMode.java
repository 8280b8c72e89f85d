package io.sluice.bench.workload;

/**
 * What a workload measures.
 *
 * <ul>
 *   <li>{@code THROUGHPUT}: producers and consumers run together for warm-up plus duration; send
 *       and receive rates and end-to-end latency are measured after the warm-up.
 *   <li>{@code DRAIN}: producers first queue {@code backlogMessages} with no consumer running; then
 *       the consumers start and the receive rate is measured until the backlog is consumed or
 *       {@code durationSeconds} pass.
 *   <li>{@code BACKLOG_HEAP}: producers fill a queue, with no consumer, up to each of {@code
 *       backlogCheckpoints} in turn; at each the broker's live heap is measured after a GC.
 * </ul>
 *
 * <p>Immutable; thread-safe.
 */
public enum WorkloadMode {
    THROUGHPUT,
    DRAIN,
    BACKLOG_HEAP
}
