package io.sluice.bench.report;

import io.sluice.bench.result.HeapPoint;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * One row of a workload's table: a label, how to read the value from a result (NaN when the result
 * has none), how to print it, and whether more is better (for reading the ratio).
 *
 * <p>Immutable; thread-safe.
 */
record Metric(String label, ToDoubleFunction<WorkloadResult> value, DoubleFunction<String> format) {

    /** The rows that make sense for {@code w}'s mode. */
    static List<Metric> rowsFor(Workload w) {
        List<Metric> rows = new ArrayList<>();
        switch (w.mode()) {
            case THROUGHPUT -> {
                rows.add(new Metric("send msgs/s", WorkloadResult::sendMessagesPerSecond, Figures::rate));
                rows.add(new Metric("send MB/s", WorkloadResult::sendMbPerSecond, Figures::mb));
                rows.add(new Metric("receive msgs/s", WorkloadResult::receiveMessagesPerSecond, Figures::rate));
                rows.add(new Metric("receive MB/s", WorkloadResult::receiveMbPerSecond, Figures::mb));
                rows.add(latency(
                        "end-to-end p50 ms",
                        r -> r.endToEnd().count() == 0
                                ? Double.NaN
                                : r.endToEnd().p50Nanos()));
                rows.add(latency(
                        "end-to-end p99 ms",
                        r -> r.endToEnd().count() == 0
                                ? Double.NaN
                                : r.endToEnd().p99Nanos()));
                rows.add(latency(
                        "end-to-end p99.9 ms",
                        r -> r.endToEnd().count() == 0
                                ? Double.NaN
                                : r.endToEnd().p999Nanos()));
                rows.add(latency(
                        "end-to-end max ms",
                        r -> r.endToEnd().count() == 0
                                ? Double.NaN
                                : r.endToEnd().maxNanos()));
                rows.add(latency(
                        "send-to-ack p50 ms",
                        r -> r.publish().count() == 0 ? Double.NaN : r.publish().p50Nanos()));
                rows.add(latency(
                        "send-to-ack p99 ms",
                        r -> r.publish().count() == 0 ? Double.NaN : r.publish().p99Nanos()));
            }
            case DRAIN -> {
                rows.add(new Metric("backlog fill msgs/s", WorkloadResult::sendMessagesPerSecond, Figures::rate));
                rows.add(new Metric("drain msgs/s", WorkloadResult::receiveMessagesPerSecond, Figures::rate));
                rows.add(new Metric("drain MB/s", WorkloadResult::receiveMbPerSecond, Figures::mb));
            }
            case BACKLOG_HEAP -> {
                rows.add(new Metric("fill msgs/s", WorkloadResult::sendMessagesPerSecond, Figures::rate));
                rows.add(heap("live heap, empty queue, MiB", 0));
                for (long c : w.backlogCheckpoints()) {
                    rows.add(heap("live heap, " + Figures.count(c) + " queued, MiB", c));
                }
            }
        }
        rows.add(new Metric(
                "broker CPU, cores",
                r -> r.brokerCpuCores().isPresent() ? r.brokerCpuCores().getAsDouble() : Double.NaN,
                Figures::cores));
        if (w.mode() != io.sluice.bench.workload.WorkloadMode.BACKLOG_HEAP) {
            rows.add(new Metric(
                    "broker live heap after GC, MiB",
                    r -> r.brokerLiveHeapBytes().isPresent()
                            ? r.brokerLiveHeapBytes().getAsLong()
                            : Double.NaN,
                    v -> Figures.mib((long) v)));
        }
        rows.add(new Metric("failures", r -> r.failures(), v -> Figures.count((long) v)));
        return rows;
    }

    /** The one figure a workload is summarized by: received (or drained) rate, or heap at the largest backlog. */
    static Metric headline(Workload w) {
        return switch (w.mode()) {
            case THROUGHPUT ->
                w.isMaxRate()
                        ? new Metric("receive msgs/s", WorkloadResult::receiveMessagesPerSecond, Figures::rate)
                        : latency(
                                "end-to-end p99 ms",
                                r -> r.endToEnd().count() == 0
                                        ? Double.NaN
                                        : r.endToEnd().p99Nanos());
            case DRAIN -> new Metric("drain msgs/s", WorkloadResult::receiveMessagesPerSecond, Figures::rate);
            case BACKLOG_HEAP ->
                heap("live heap MiB, " + Figures.count(w.largestCheckpoint()) + " queued", w.largestCheckpoint());
        };
    }

    private static Metric latency(String label, ToDoubleFunction<WorkloadResult> nanos) {
        return new Metric(label, nanos, v -> Figures.ms((long) v));
    }

    private static Metric heap(String label, long queued) {
        return new Metric(
                label,
                r -> r.backlogHeap().stream()
                        .filter(p -> p.queuedMessages() == queued)
                        .mapToDouble(HeapPoint::liveHeapBytes)
                        .findFirst()
                        .orElse(Double.NaN),
                v -> Figures.mib((long) v));
    }
}
