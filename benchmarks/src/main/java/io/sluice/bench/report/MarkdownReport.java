package io.sluice.bench.report;

import io.sluice.bench.machine.MachineInfo;
import io.sluice.bench.machine.MachineLimitResults;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.Comparison;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadSuite;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a run as one Markdown section (level-2 heading, so it can sit in {@code
 * docs/performance.md} beside other benchmarks' sections): machine, machine limits, the systems and
 * their durability, a summary per API, then one table per workload with every figure and its ratio
 * to each peer ({@code Sluice ÷ peer}). A subject driver that is not available yet gets a column saying so, never a
 * number.
 *
 * <p>Thread-safe: stateless.
 */
public final class MarkdownReport {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The heading of the section this report renders. */
    public static final String TITLE = "Side by side with Artemis and Kafka";

    private MarkdownReport() {}

    /**
     * Renders {@code report}; {@code chartFile} is the chart's file name next to the Markdown file
     * (null for none), {@code command} the command that produced the run.
     */
    public static String render(RunReport report, String chartFile, String command) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(TITLE).append("\n\n");
        if (!report.note().isBlank()) {
            md.append("> ").append(report.note()).append("\n\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "%s, measured %s in %d min with:\n\n```sh\n%s\n```\n\n",
                report.suite().title(),
                WHEN.format(report.startedAt()),
                Math.max(1, Math.round(report.elapsed().toSeconds() / 60.0)),
                command));
        md.append("Ratios are Sluice ÷ peer: above 1 is better for rates, below 1 is better for latency,"
                + " CPU and heap. MB is 10^6 bytes of message body; latencies are in milliseconds; end-to-end"
                + " latency runs from the intended send time to receipt (corrected for coordinated omission, see"
                + " [benchmarks.md](benchmarks.md)).\n\n");
        machine(md, report.machine());
        report.limits().ifPresent(l -> limits(md, l));
        systems(md, report);
        for (Api api : Api.values()) {
            summary(md, report, api);
        }
        if (chartFile != null) {
            md.append("![Throughput and p99 latency per workload](")
                    .append(chartFile)
                    .append(")\n\n");
        }
        md.append("### Workloads\n\n");
        for (Workload w : report.suite().workloads()) {
            workload(md, report, w);
        }
        return md.toString();
    }

    private static void machine(StringBuilder md, MachineInfo m) {
        md.append("### Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", m.cpuModel() + ", " + m.cores() + " cores available");
        row(md, "memory", Figures.mib(m.memoryBytes()) + " MiB");
        row(md, "OS", m.os());
        row(md, "JVM", m.jvm());
        row(md, "data directory", m.dataFileSystem());
        md.append('\n');
    }

    private static void limits(StringBuilder md, MachineLimitResults l) {
        md.append("### Machine limits\n\nMeasured in the same run, before the brokers.\n\n");
        md.append("| measurement | p50 | p99 | p99.9 | max | derived |\n|---|---|---|---|---|---|\n");
        var rtt = l.loopbackRoundTrip();
        md.append(String.format(
                Locale.ROOT,
                "| loopback TCP round trip, 64 B ping-pong | %s µs | %s µs | %s µs | %s µs | %s round trips/s |%n",
                Figures.us(rtt.p50Nanos()),
                Figures.us(rtt.p99Nanos()),
                Figures.us(rtt.p999Nanos()),
                Figures.us(rtt.maxNanos()),
                Figures.rate(1e9 / Math.max(1, rtt.p50Nanos()))));
        var fsync = l.fsync4KibAppend();
        md.append(String.format(
                Locale.ROOT,
                "| 4 KiB append + fdatasync | %s µs | %s µs | %s µs | %s µs | %s fsyncs/s |%n",
                Figures.us(fsync.p50Nanos()),
                Figures.us(fsync.p99Nanos()),
                Figures.us(fsync.p999Nanos()),
                Figures.us(fsync.maxNanos()),
                Figures.rate(1e9 / Math.max(1, fsync.p50Nanos()))));
        var pre = l.fsync4KibPreallocated();
        md.append(String.format(
                Locale.ROOT,
                "| 4 KiB write + fdatasync, preallocated file | %s µs | %s µs | %s µs | %s µs | %s fsyncs/s |%n",
                Figures.us(pre.p50Nanos()),
                Figures.us(pre.p99Nanos()),
                Figures.us(pre.p999Nanos()),
                Figures.us(pre.maxNanos()),
                Figures.rate(1e9 / Math.max(1, pre.p50Nanos()))));
        md.append("\n| sequential write, ")
                .append(l.seqWriteMb())
                .append(" MiB in ")
                .append(l.chunkKb())
                .append(" KiB FileChannel writes | MB/s |\n|---|---|\n");
        for (MachineLimitResults.SequentialWrite s : l.sequentialWrites()) {
            String cadence =
                    s.forceEveryKb() == 0 ? "one fsync at the end" : "fsync every " + s.forceEveryKb() + " KiB";
            md.append("| ")
                    .append(cadence)
                    .append(" | ")
                    .append(Figures.mb(s.mbPerSecond()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void systems(StringBuilder md, RunReport report) {
        md.append(
                "### Systems and their durability\n\n| driver | system | an acknowledged PERSISTENT send means |\n|---|---|---|\n");
        Map<String, WorkloadResult> first = new LinkedHashMap<>();
        for (Api api : Api.values()) {
            Comparison c = report.suite().comparisons().get(api);
            if (c == null) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            ids.add(c.subject());
            ids.addAll(c.peers());
            for (String id : ids) {
                report.results().stream()
                        .filter(r -> r.driverId().equals(id))
                        .sorted((a, b) -> Boolean.compare(b.isMeasured(), a.isMeasured()))
                        .findFirst()
                        .ifPresent(r -> first.putIfAbsent(id, r));
            }
        }
        for (WorkloadResult r : first.values()) {
            String system = r.isMeasured() ? r.systemDescription() : statusText(r);
            md.append("| ")
                    .append(r.driverName())
                    .append(" (`")
                    .append(r.driverId())
                    .append("`) | ")
                    .append(system)
                    .append(" | ")
                    .append(r.isMeasured() ? r.durability() : Figures.NONE)
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void summary(StringBuilder md, RunReport report, Api api) {
        WorkloadSuite suite = report.suite();
        List<Workload> ws =
                suite.workloads().stream().filter(w -> w.api() == api).toList();
        if (ws.isEmpty()) {
            return;
        }
        Comparison c = suite.comparisons().get(api);
        md.append("### Summary: ")
                .append(api == Api.JMS ? "JMS" : "raw log")
                .append("\n\n| workload | figure | ")
                .append(c.subjectName());
        StringBuilder rule = new StringBuilder("|---|---|---:");
        for (String peer : c.peers()) {
            md.append(" | ").append(nameOf(report, peer)).append(" | ratio");
            rule.append("|---:|---:");
        }
        md.append(" |\n").append(rule).append("|\n");
        for (Workload w : ws) {
            Metric m = Metric.headline(w);
            md.append("| [")
                    .append(w.title())
                    .append("](#")
                    .append(w.name().replace(".", ""))
                    .append(") | ")
                    .append(m.label())
                    .append(" | ");
            cells(md, report, w, m, c);
        }
        md.append('\n');
    }

    private static void workload(StringBuilder md, RunReport report, Workload w) {
        Comparison c = report.suite().comparisonFor(w);
        md.append("#### ")
                .append(w.name())
                .append("\n\n**")
                .append(w.title())
                .append("**  \n")
                .append(settings(w))
                .append("\n\n| figure | ")
                .append(c.subjectName());
        StringBuilder rule = new StringBuilder("|---|---:");
        for (String peer : c.peers()) {
            md.append(" | ").append(nameOf(report, peer)).append(" | ratio");
            rule.append("|---:|---:");
        }
        md.append(" |\n").append(rule).append("|\n");
        for (Metric m : Metric.rowsFor(w)) {
            md.append("| ").append(m.label()).append(" | ");
            cells(md, report, w, m, c);
        }
        md.append('\n');
        for (String id : RunReport.columns(report.suite(), w)) {
            report.result(w.name(), id).filter(r -> !r.note().isBlank()).ifPresent(r -> md.append("- ")
                    .append(r.driverName())
                    .append(": ")
                    .append(statusOrNote(r))
                    .append('\n'));
        }
        md.append('\n');
    }

    private static void cells(StringBuilder md, RunReport report, Workload w, Metric m, Comparison c) {
        Optional<WorkloadResult> subject = report.result(w.name(), c.subject());
        double s = subject.filter(WorkloadResult::isMeasured)
                .map(r -> m.value().applyAsDouble(r))
                .orElse(Double.NaN);
        md.append(cell(subject, m));
        for (String peer : c.peers()) {
            Optional<WorkloadResult> p = report.result(w.name(), peer);
            double v = p.filter(WorkloadResult::isMeasured)
                    .map(r -> m.value().applyAsDouble(r))
                    .orElse(Double.NaN);
            md.append(" | ").append(cell(p, m)).append(" | ").append(Figures.ratio(s, v));
        }
        md.append(" |\n");
    }

    private static String cell(Optional<WorkloadResult> r, Metric m) {
        if (r.isEmpty()) {
            return "not run";
        }
        if (!r.get().isMeasured()) {
            return r.get().outcome() == Outcome.NOT_MEASURED ? Figures.NOT_MEASURED : "failed";
        }
        double v = m.value().applyAsDouble(r.get());
        return Double.isNaN(v) ? Figures.NONE : m.format().apply(v);
    }

    static String settings(Workload w) {
        String rate = w.isMaxRate() ? "max rate" : Figures.count(w.targetRatePerSecond()) + " msgs/s";
        String consumers =
                switch (w.destinationType()) {
                    case QUEUE -> w.consumers() + " consumer(s)";
                    case TOPIC ->
                        w.subscriptions() + (w.durableSubscriptions() ? " durable" : "") + " subscription(s) × "
                                + w.consumers() + " consumer(s)";
                };
        String ack =
                w.ackMode().name() + (w.transactionSize() > 0 ? " (" + w.transactionSize() + " per transaction)" : "");
        String time =
                switch (w.mode()) {
                    case THROUGHPUT -> "warm-up " + w.warmupSeconds() + " s, measured " + w.durationSeconds() + " s";
                    case DRAIN ->
                        "backlog " + Figures.count(w.backlogMessages()) + " messages, drain limit "
                                + w.durationSeconds() + " s";
                    case BACKLOG_HEAP ->
                        "heap measured at "
                                + w.backlogCheckpoints().stream()
                                        .map(Figures::count)
                                        .toList() + " queued messages";
                };
        String properties = w.properties().isEmpty()
                ? ""
                : " Driver settings: "
                        + w.properties().entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                                .collect(java.util.stream.Collectors.joining(", "))
                        + ".";
        return String.format(
                Locale.ROOT,
                "%s %s `%s` (%d partition(s)), %d producer(s), %s, %s B, %s, %s, %s send, ack %s, %s.%s",
                w.api(),
                w.destinationType().name().toLowerCase(Locale.ROOT),
                w.destinationName(),
                w.partitions(),
                w.producers(),
                consumers,
                Figures.count(w.messageBytes()),
                rate,
                w.deliveryMode(),
                w.sendMode().name().toLowerCase(Locale.ROOT),
                ack,
                time,
                properties);
    }

    private static String nameOf(RunReport report, String driverId) {
        return report.results().stream()
                .filter(r -> r.driverId().equals(driverId))
                .map(WorkloadResult::driverName)
                .findFirst()
                .orElse(driverId);
    }

    private static String statusText(WorkloadResult r) {
        return r.outcome() == Outcome.NOT_MEASURED
                ? Figures.NOT_MEASURED + " (" + r.note() + ")"
                : "failed: " + r.note();
    }

    private static String statusOrNote(WorkloadResult r) {
        return r.isMeasured() ? r.note() : statusText(r);
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(value).append(" |\n");
    }
}
