package io.sluice.bench.runner;

import io.sluice.bench.driver.DriverRegistry;
import io.sluice.bench.report.MarkdownReport;
import io.sluice.bench.report.ReportFile;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.report.SvgChart;
import io.sluice.bench.workload.WorkloadFile;
import io.sluice.bench.workload.WorkloadSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Command-line entry of the benchmark runner. The standard run, which writes {@code
 * docs/performance.md} and {@code docs/performance.svg}, is
 *
 * <pre>
 * mvn -B -pl benchmarks -am -Pbench -DskipTests verify
 * </pre>
 *
 * (or {@code benchmarks/run.sh}); other options go in {@code -Dbench.args="..."}, see {@link
 * BenchmarkOptions#USAGE}.
 *
 * <p>Not thread-safe; a process entry point.
 */
public final class BenchmarkMain {
    static final String STANDARD_COMMAND = "mvn -B -pl benchmarks -am -Pbench -DskipTests verify";

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchmarkOptions.USAGE);
            return;
        }
        RunReport report = run(options, DriverRegistry.discover(), System.out);
        boolean anyFailed =
                report.results().stream().anyMatch(r -> r.outcome() == io.sluice.bench.result.Outcome.FAILED);
        if (anyFailed) {
            System.out.println("some workloads FAILED; see the report");
            System.exit(1);
        }
    }

    /** Loads the suite, runs it, writes the report files and returns the report. */
    public static RunReport run(BenchmarkOptions options, DriverRegistry registry, PrintStream out)
            throws IOException, InterruptedException {
        WorkloadSuite suite = options.suiteFile()
                .map(WorkloadFile::read)
                .orElseGet(() -> WorkloadFile.readResource(options.suiteResource()));
        if (!options.only().isEmpty()) {
            suite = suite.only(options.only());
        }
        double scale = options.durationScale();
        if (scale != 1) {
            suite = suite.map(w -> w.withTimes((int) Math.round(w.warmupSeconds() * scale), Math.max(1, (int)
                    Math.round(w.durationSeconds() * scale))));
        }
        if (options.backlogScale() != 1) {
            suite = suite.map(w -> w.withBacklogScaled(options.backlogScale()));
        }
        if (!options.machineLimits()) {
            suite = new WorkloadSuite(suite.title(), suite.workloads(), suite.comparisons(), Optional.empty());
        }
        out.println("drivers on the class path: " + registry.ids());
        BenchmarkRun run = new BenchmarkRun(
                registry,
                options.dataDir(),
                out,
                Clock.systemUTC(),
                options.progressSeconds(),
                id -> options.drivers().isEmpty() || options.drivers().contains(id));
        RunReport report = run.run(suite, options.note());
        Optional<Path> md = options.markdownFile();
        if (md.isPresent()) {
            write(md.get(), report, command(options), out);
        } else {
            out.print(MarkdownReport.render(report, null, command(options)));
        }
        return report;
    }

    /**
     * Writes the report into its section of {@code file} (see {@link ReportFile}), keeping the
     * file's other sections, and the chart next to it.
     */
    public static void write(Path file, RunReport report, String command, PrintStream out) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String base = file.getFileName().toString().replaceFirst("\\.md$", "");
        Path chart = parent.resolve(base + ".svg");
        Files.writeString(chart, SvgChart.render(report), StandardCharsets.UTF_8);
        ReportFile.write(file, MarkdownReport.render(report, chart.getFileName().toString(), command));
        out.println("wrote " + file.toAbsolutePath().normalize() + " and "
                + chart.toAbsolutePath().normalize());
    }

    static String command(BenchmarkOptions options) {
        if (options.userArgs().isEmpty() || options.userArgs().equals(java.util.List.of("--standard"))) {
            return STANDARD_COMMAND;
        }
        return STANDARD_COMMAND + " -Dbench.args=\"" + String.join(" ", options.userArgs()) + "\"";
    }
}
