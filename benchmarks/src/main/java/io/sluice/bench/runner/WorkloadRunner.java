package io.sluice.bench.runner;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.measure.LatencySummary;
import io.sluice.bench.measure.LatencyWindow;
import io.sluice.bench.measure.NanoClock;
import io.sluice.bench.measure.WorkloadStats;
import io.sluice.bench.measure.WorkloadStats.Counters;
import io.sluice.bench.result.HeapPoint;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload against one started system and measures it; see {@link
 * io.sluice.bench.workload.WorkloadMode} for what each mode does. Failures of single sends are
 * counted and reported; a failure that stops the workload (a client that cannot connect, a phase
 * that does not finish in time) ends it with a FAILED result carrying the reason.
 *
 * <p>Not thread-safe; one workload at a time.
 */
public final class WorkloadRunner {
    /** How long producers may take to get outstanding sends acknowledged after a phase. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    /** How long consumers may take to catch up after producers stop, while making progress. */
    static final Duration DRAIN_STALL_TIMEOUT = Duration.ofSeconds(10);

    private final NanoClock clock;
    private final ProgressLine progress;

    public WorkloadRunner(NanoClock clock, ProgressLine progress) {
        this.clock = clock;
        this.progress = progress;
    }

    /** Runs {@code w} on {@code sut}, labelled as driver {@code driverId} / {@code driverName}. */
    public WorkloadResult run(Workload w, String driverId, String driverName, SystemUnderTest sut) {
        Run run = new Run(w, driverId, driverName, sut);
        try {
            return switch (w.mode()) {
                case THROUGHPUT -> run.throughput();
                case DRAIN -> run.drain();
                case BACKLOG_HEAP -> run.backlogHeap();
            };
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return WorkloadResult.failed(w.name(), driverId, driverName, describe(e));
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** The state of one workload run. */
    private final class Run {
        private final Workload w;
        private final String driverId;
        private final String driverName;
        private final SystemUnderTest sut;
        private final WorkloadStats stats = new WorkloadStats(clock);
        private final LatencyWindow endToEnd;
        private final LatencyWindow publish;

        Run(Workload w, String driverId, String driverName, SystemUnderTest sut) {
            this.w = w;
            this.driverId = driverId;
            this.driverName = driverName;
            this.sut = sut;
            this.endToEnd = new LatencyWindow(stats.endToEndRecorder());
            this.publish = new LatencyWindow(stats.publishRecorder());
        }

        WorkloadResult throughput() throws Exception {
            try (WorkloadClients clients = sut.openClients(w)) {
                clients.startConsumers(stats);
                try (ProducerGroup producers = new ProducerGroup(w, createProducers(clients), stats, clock)) {
                    producers.startUnlimited();
                    watch(w.warmupSeconds(), "warm-up", producers);
                    endToEnd.startMeasuring();
                    publish.startMeasuring();
                    Counters before = stats.counters();
                    long cpuBefore = cpuNanos();
                    long start = clock.nanoTime();
                    watch(w.durationSeconds(), "measure", producers);
                    Counters window = stats.counters().minus(before);
                    long elapsed = clock.nanoTime() - start;
                    long cpuAfter = cpuNanos();
                    LatencySummary e2e = endToEnd.finish();
                    LatencySummary pub = publish.finish();
                    producers.stop();
                    boolean settled = producers.awaitPhase(SETTLE_TIMEOUT);
                    awaitDeliveries();
                    OptionalLong heap = liveHeap();
                    String note =
                            settled ? "" : "producers did not get every send acknowledged within " + SETTLE_TIMEOUT;
                    return result(window, elapsed, e2e, pub, cpu(cpuBefore, cpuAfter, elapsed), heap, List.of(), note);
                }
            }
        }

        WorkloadResult drain() throws Exception {
            stats.recordEndToEnd(false);
            try (WorkloadClients clients = sut.openClients(w);
                    ProducerGroup producers = new ProducerGroup(w, createProducers(clients), stats, clock)) {
                long fillStart = clock.nanoTime();
                producers.startLimited(w.backlogMessages());
                watchFill(producers, w.backlogMessages());
                Counters filled = stats.counters();
                double fillSeconds = (clock.nanoTime() - fillStart) / 1e9;
                long expected = filled.sent() * w.deliveriesPerMessage();
                long cpuBefore = cpuNanos();
                long start = clock.nanoTime();
                clients.startConsumers(stats);
                long deadline = start + w.durationSeconds() * 1_000_000_000L;
                long nextPrint = start + progress.intervalNanos();
                while (stats.counters().received() < expected && clock.nanoTime() < deadline) {
                    Thread.sleep(20);
                    if (clock.nanoTime() >= nextPrint) {
                        nextPrint += progress.intervalNanos();
                        progress.print(
                                driverId,
                                w.name(),
                                "drain " + ProgressLine.count(stats.counters().received()) + " / "
                                        + ProgressLine.count(expected) + " received");
                    }
                }
                long cpuElapsed = clock.nanoTime() - start;
                long cpuAfter = cpuNanos();
                Counters end = stats.counters();
                OptionalLong heap = liveHeap();
                // Timed from the first message to the last, so consumer start-up (a Kafka group
                // join, say) does not count as drain time.
                long first = stats.firstReceiveNanos();
                long elapsed = first == Long.MIN_VALUE ? cpuElapsed : Math.max(1, stats.lastReceiveNanos() - first);
                double seconds = elapsed / 1e9;
                String note = String.format(
                        Locale.ROOT,
                        "backlog of %,d messages filled at %,.0f msgs/s, then drained%s",
                        filled.sent(),
                        filled.sent() / Math.max(1e-9, fillSeconds),
                        end.received() < expected ? " only partly within " + w.durationSeconds() + " s" : "");
                return new WorkloadResult(
                        w.name(),
                        driverId,
                        driverName,
                        Outcome.MEASURED,
                        note,
                        sut.description(),
                        sut.durability(),
                        seconds,
                        filled.sent(),
                        end.received(),
                        end.failures(),
                        filled.sent() / Math.max(1e-9, fillSeconds),
                        filled.sentBytes() / 1e6 / Math.max(1e-9, fillSeconds),
                        end.received() / seconds,
                        end.receivedBytes() / 1e6 / seconds,
                        LatencySummary.EMPTY,
                        publish.finish(),
                        cpu(cpuBefore, cpuAfter, cpuElapsed),
                        heap,
                        List.of());
            }
        }

        WorkloadResult backlogHeap() throws Exception {
            try (WorkloadClients clients = sut.openClients(w)) {
                clients.startConsumers(stats);
                try (ProducerGroup producers = new ProducerGroup(w, createProducers(clients), stats, clock)) {
                    List<HeapPoint> points = new ArrayList<>();
                    OptionalLong empty = liveHeap();
                    if (empty.isPresent()) {
                        points.add(new HeapPoint(0, empty.getAsLong()));
                    }
                    long cpuBefore = cpuNanos();
                    long start = clock.nanoTime();
                    publish.startMeasuring();
                    for (long checkpoint : w.backlogCheckpoints()) {
                        long missing = checkpoint - stats.counters().sent();
                        producers.startLimited(missing);
                        watchFill(producers, checkpoint);
                        OptionalLong heap = liveHeap();
                        if (heap.isPresent()) {
                            points.add(new HeapPoint(stats.counters().sent(), heap.getAsLong()));
                            progress.print(
                                    driverId,
                                    w.name(),
                                    String.format(
                                            Locale.ROOT,
                                            "%,d queued: live heap %.1f MiB",
                                            stats.counters().sent(),
                                            heap.getAsLong() / 1048576.0));
                        }
                    }
                    long elapsed = clock.nanoTime() - start;
                    Counters end = stats.counters();
                    OptionalLong lastHeap = points.isEmpty()
                            ? OptionalLong.empty()
                            : OptionalLong.of(points.get(points.size() - 1).liveHeapBytes());
                    return result(
                            end,
                            elapsed,
                            LatencySummary.EMPTY,
                            publish.finish(),
                            cpu(cpuBefore, cpuNanos(), elapsed),
                            lastHeap,
                            points,
                            "");
                }
            }
        }

        private List<BenchProducer> createProducers(WorkloadClients clients) throws Exception {
            List<BenchProducer> list = new ArrayList<>();
            try {
                for (int i = 0; i < w.producers(); i++) {
                    list.add(clients.createProducer(i));
                }
            } catch (Exception e) {
                for (BenchProducer p : list) {
                    try {
                        p.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            return list;
        }

        /** Sleeps {@code seconds}, printing progress; fails fast if every producer died. */
        private void watch(int seconds, String phase, ProducerGroup producers) throws InterruptedException {
            long start = clock.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            Counters last = stats.counters();
            long lastAt = start;
            while (clock.nanoTime() < end) {
                long sleepNanos = Math.min(end - clock.nanoTime(), progress.intervalNanos());
                Thread.sleep(Math.max(1, sleepNanos / 1_000_000));
                if (!producers.isRunning()) {
                    throw new IllegalStateException("every producer stopped during " + phase + ": " + failureText());
                }
                long now = clock.nanoTime();
                Counters c = stats.counters();
                Histogram interval = endToEnd.tick();
                publish.tick();
                double dt = Math.max(1e-9, (now - lastAt) / 1e9);
                progress.print(
                        driverId,
                        w.name(),
                        String.format(
                                Locale.ROOT,
                                "%s %d/%d s | send %s msg/s | recv %s msg/s | e2e p99 %s | failures %d",
                                phase,
                                (now - start) / 1_000_000_000L,
                                seconds,
                                ProgressLine.count((c.sent() - last.sent()) / dt),
                                ProgressLine.count((c.received() - last.received()) / dt),
                                interval.getTotalCount() == 0 ? "-" : millis(interval.getValueAtPercentile(99)),
                                c.failures()));
                last = c;
                lastAt = now;
            }
        }

        /** Waits for a limited producer phase to finish, printing progress towards {@code target}. */
        private void watchFill(ProducerGroup producers, long target) throws InterruptedException {
            long nextPrint = clock.nanoTime() + progress.intervalNanos();
            while (producers.isRunning()) {
                Thread.sleep(20);
                if (clock.nanoTime() >= nextPrint) {
                    nextPrint += progress.intervalNanos();
                    progress.print(
                            driverId,
                            w.name(),
                            "fill " + ProgressLine.count(stats.counters().sent()) + " / " + ProgressLine.count(target)
                                    + " acknowledged");
                }
            }
            if (!producers.awaitPhase(SETTLE_TIMEOUT)) {
                throw new IllegalStateException("sends were not acknowledged within " + SETTLE_TIMEOUT);
            }
            Counters c = stats.counters();
            if (c.failures() > 0) {
                throw new IllegalStateException(c.failures() + " sends failed while filling: " + failureText());
            }
        }

        /** After producers stop, lets consumers catch up while they make progress. */
        private void awaitDeliveries() throws InterruptedException {
            long expected = stats.counters().sent() * w.deliveriesPerMessage();
            long lastReceived = -1;
            long lastProgressAt = clock.nanoTime();
            while (stats.counters().received() < expected) {
                long received = stats.counters().received();
                if (received != lastReceived) {
                    lastReceived = received;
                    lastProgressAt = clock.nanoTime();
                } else if (clock.nanoTime() - lastProgressAt > DRAIN_STALL_TIMEOUT.toNanos()) {
                    return;
                }
                Thread.sleep(20);
            }
        }

        private WorkloadResult result(
                Counters window,
                long elapsedNanos,
                LatencySummary e2e,
                LatencySummary pub,
                OptionalDouble cpu,
                OptionalLong heap,
                List<HeapPoint> points,
                String note) {
            double seconds = elapsedNanos / 1e9;
            String text = note;
            if (window.failures() > 0) {
                text = (text.isEmpty() ? "" : text + "; ") + window.failures() + " failures, first: " + failureText();
            }
            return new WorkloadResult(
                    w.name(),
                    driverId,
                    driverName,
                    Outcome.MEASURED,
                    text,
                    sut.description(),
                    sut.durability(),
                    seconds,
                    window.sent(),
                    window.received(),
                    window.failures(),
                    window.sent() / seconds,
                    window.sentBytes() / 1e6 / seconds,
                    window.received() / seconds,
                    window.receivedBytes() / 1e6 / seconds,
                    e2e,
                    pub,
                    cpu,
                    heap,
                    points);
        }

        private String failureText() {
            Throwable t = stats.firstFailure();
            return t == null ? "no error reported" : describe(t);
        }

        private long cpuNanos() throws Exception {
            BrokerProbe probe = sut.probe().orElse(null);
            return probe == null ? -1 : probe.cpuTimeNanos();
        }

        private OptionalDouble cpu(long beforeNanos, long afterNanos, long elapsedNanos) {
            if (beforeNanos < 0 || afterNanos < 0 || elapsedNanos <= 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of((double) (afterNanos - beforeNanos) / elapsedNanos);
        }

        private OptionalLong liveHeap() throws Exception {
            BrokerProbe probe = sut.probe().orElse(null);
            return probe == null ? OptionalLong.empty() : OptionalLong.of(probe.liveHeapAfterGcBytes());
        }
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
