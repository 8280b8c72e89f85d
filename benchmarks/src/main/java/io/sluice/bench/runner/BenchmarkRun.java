package io.sluice.bench.runner;

import io.sluice.bench.driver.Driver;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.driver.DriverRegistry;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.machine.MachineInfo;
import io.sluice.bench.machine.MachineLimitResults;
import io.sluice.bench.machine.MachineLimitResults.SequentialWrite;
import io.sluice.bench.machine.MachineLimits;
import io.sluice.bench.measure.LatencySummary;
import io.sluice.bench.measure.NanoClock;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Comparison;
import io.sluice.bench.workload.MachineLimitSettings;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * One invocation: measures the machine's limits, then runs every workload of a suite on its
 * subject driver and each peer, one after the other, each on a freshly started broker with a fresh
 * data directory (deleted afterwards). A driver that is not on the class path gives a NOT_MEASURED
 * result; a driver that fails gives a FAILED result with the reason, and the run goes on.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class BenchmarkRun {
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final DriverRegistry registry;
    private final Path dataDir;
    private final PrintStream out;
    private final Clock clock;
    private final ProgressLine progress;
    private final Predicate<String> driverFilter;

    /**
     * @param driverFilter which driver ids to run; others are left out of the run and the report
     */
    public BenchmarkRun(
            DriverRegistry registry,
            Path dataDir,
            PrintStream out,
            Clock clock,
            long progressSeconds,
            Predicate<String> driverFilter) {
        this.registry = registry;
        this.dataDir = dataDir;
        this.out = out;
        this.clock = clock;
        this.progress = new ProgressLine(out, clock, progressSeconds);
        this.driverFilter = driverFilter;
    }

    public RunReport run(WorkloadSuite suite, String note) throws IOException, InterruptedException {
        Instant started = clock.instant();
        Files.createDirectories(dataDir);
        MachineInfo machine = MachineInfo.describe(dataDir);
        Optional<MachineLimitResults> limits = Optional.empty();
        if (suite.machineLimits().isPresent()) {
            limits = Optional.of(measureLimits(suite.machineLimits().get()));
        }
        OptionalLong fsyncNanos = limits.map(
                        l -> OptionalLong.of(l.fsync4KibPreallocated().p50Nanos()))
                .orElse(OptionalLong.empty());
        List<WorkloadResult> results = new ArrayList<>();
        WorkloadRunner runner = new WorkloadRunner(NanoClock.SYSTEM, progress);
        for (Workload w : suite.workloads()) {
            Comparison c = suite.comparisonFor(w);
            List<String> ids = new ArrayList<>();
            ids.add(c.subject());
            ids.addAll(c.peers());
            for (String id : ids) {
                if (!driverFilter.test(id)) {
                    continue;
                }
                String fallbackName = id.equals(c.subject()) ? c.subjectName() : id;
                WorkloadResult r = runOne(runner, w, id, fallbackName, fsyncNanos);
                results.add(r);
                progress.print(id, w.name(), "done: " + summary(r));
            }
        }
        List<Workload> ran = suite.workloads().stream()
                .filter(w -> results.stream().anyMatch(r -> r.workload().equals(w.name())))
                .toList();
        WorkloadSuite reported = ran.isEmpty()
                ? suite
                : new WorkloadSuite(suite.title(), ran, suite.comparisons(), suite.machineLimits());
        return new RunReport(
                reported, started, Duration.between(started, clock.instant()), machine, limits, results, note);
    }

    private WorkloadResult runOne(
            WorkloadRunner runner, Workload w, String id, String fallbackName, OptionalLong fsyncNanos) {
        Optional<Driver> found = registry.find(id);
        if (found.isEmpty()) {
            return WorkloadResult.notMeasured(w.name(), id, fallbackName, "driver `" + id + "` is not available yet");
        }
        Driver driver = found.get();
        if (driver.api() != w.api()) {
            return WorkloadResult.failed(
                    w.name(),
                    id,
                    driver.displayName(),
                    "driver speaks " + driver.api() + " but the workload needs " + w.api());
        }
        Optional<String> unsupported = driver.unsupported(w);
        if (unsupported.isPresent()) {
            return WorkloadResult.notMeasured(w.name(), id, driver.displayName(), unsupported.get());
        }
        Path dir = dataDir.resolve(id + "-" + w.name());
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            progress.print(id, w.name(), "starting " + driver.displayName());
            try (SystemUnderTest sut = driver.start(new DriverContext(dir, fsyncNanos, START_TIMEOUT))) {
                return runner.run(w, id, driver.displayName(), sut);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return WorkloadResult.failed(w.name(), id, driver.displayName(), WorkloadRunner.describe(e));
        } finally {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                out.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    private MachineLimitResults measureLimits(MachineLimitSettings s) throws IOException, InterruptedException {
        Path dir = dataDir.resolve("machine-limits");
        try {
            progress.print("machine", "limits", "loopback TCP round trip, " + s.roundTrips() + " pings");
            LatencySummary rtt = MachineLimits.loopbackRoundTrip(s.roundTrips());
            progress.print("machine", "limits", "4 KiB append + fdatasync, " + s.fsyncSamples() + " samples");
            LatencySummary fsync = MachineLimits.fsyncLatency(dir, s.fsyncSamples());
            progress.print(
                    "machine",
                    "limits",
                    "4 KiB write + fdatasync, preallocated file, " + s.fsyncSamples() + " samples");
            LatencySummary fsyncPre = MachineLimits.fsyncPreallocatedLatency(dir, s.fsyncSamples());
            List<SequentialWrite> writes = new ArrayList<>();
            for (int kb : s.forceEveryKb()) {
                progress.print(
                        "machine",
                        "limits",
                        "sequential write " + s.seqWriteMb() + " MiB, "
                                + (kb == 0 ? "one fsync at the end" : "fsync every " + kb + " KiB"));
                writes.add(
                        new SequentialWrite(kb, MachineLimits.sequentialWrite(dir, s.seqWriteMb(), s.chunkKb(), kb)));
            }
            MachineLimitResults r = new MachineLimitResults(rtt, fsync, fsyncPre, s.seqWriteMb(), s.chunkKb(), writes);
            progress.print(
                    "machine",
                    "limits",
                    String.format(
                            Locale.ROOT,
                            "rtt p50 %.1f µs, fsync p50 %.1f µs (append) %.1f µs (preallocated), sequential %s MB/s",
                            rtt.p50Nanos() / 1e3,
                            fsync.p50Nanos() / 1e3,
                            fsyncPre.p50Nanos() / 1e3,
                            writes.stream()
                                    .map(x -> String.format(Locale.ROOT, "%.0f", x.mbPerSecond()))
                                    .toList()));
            return r;
        } finally {
            deleteRecursively(dir);
        }
    }

    private static String summary(WorkloadResult r) {
        return switch (r.outcome()) {
            case MEASURED ->
                String.format(
                        Locale.ROOT,
                        "send %,.0f msgs/s, receive %,.0f msgs/s, e2e p99 %s, failures %d",
                        r.sendMessagesPerSecond(),
                        r.receiveMessagesPerSecond(),
                        r.endToEnd().count() == 0
                                ? "-"
                                : WorkloadRunner.millis(r.endToEnd().p99Nanos()),
                        r.failures());
            case NOT_MEASURED -> "not measured: " + r.note();
            case FAILED -> "FAILED: " + r.note();
        };
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
