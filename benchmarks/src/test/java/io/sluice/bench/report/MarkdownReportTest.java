package io.sluice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.machine.MachineInfo;
import io.sluice.bench.machine.MachineLimitResults;
import io.sluice.bench.measure.LatencySummary;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.WorkloadFile;
import io.sluice.bench.workload.WorkloadSuite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MarkdownReportTest {
    private final WorkloadSuite suite = WorkloadFile.readResource("smoke.json").only(List.of("smoke-queue"));

    private static WorkloadResult measured(String driver, String name, double rate, long p99Nanos) {
        return new WorkloadResult(
                "smoke-queue",
                driver,
                name,
                Outcome.MEASURED,
                "",
                name + " 1.0",
                "fsync before ack",
                20,
                (long) rate * 20,
                (long) rate * 20,
                0,
                rate,
                rate * 1024 / 1e6,
                rate,
                rate * 1024 / 1e6,
                new LatencySummary(100, p99Nanos / 2, p99Nanos, p99Nanos * 2, p99Nanos * 3),
                new LatencySummary(100, 1_000_000, 2_000_000, 3_000_000, 4_000_000),
                OptionalDouble.of(0.5),
                OptionalLong.of(50L * 1024 * 1024),
                List.of());
    }

    private RunReport report(WorkloadResult... results) {
        return new RunReport(
                suite,
                Instant.parse("2026-01-02T03:04:05Z"),
                Duration.ofMinutes(3),
                new MachineInfo("Test CPU", 2, 8L << 30, "Linux", "JVM 17", "ext4"),
                Optional.of(new MachineLimitResults(
                        new LatencySummary(10, 20_000, 40_000, 50_000, 60_000),
                        new LatencySummary(10, 1_000_000, 2_000_000, 3_000_000, 4_000_000),
                        new LatencySummary(10, 500_000, 900_000, 1_000_000, 1_100_000),
                        64,
                        64,
                        List.of(
                                new MachineLimitResults.SequentialWrite(0, 900),
                                new MachineLimitResults.SequentialWrite(64, 30)))),
                List.of(results),
                "Preliminary.");
    }

    @Test
    void printsEveryFigureWithItsRatioToThePeer() {
        String md = MarkdownReport.render(
                report(
                        measured("sluice-jms", "Sluice JMS", 2000, 4_000_000),
                        measured("artemis-default", "Artemis default", 1000, 8_000_000)),
                "performance.svg",
                "mvn verify");
        assertThat(md).contains("> Preliminary.");
        assertThat(md).contains("| receive msgs/s | 2,000 | 1,000 | 2.00× |");
        assertThat(md).contains("| end-to-end p99 ms | 4.00 | 8.00 | 0.50× |");
        assertThat(md).contains("| 4 KiB append + fdatasync | 1,000.0 µs");
        assertThat(md).contains("| fsync every 64 KiB | 30.0 |");
        assertThat(md).contains("Artemis default (`artemis-default`) | Artemis default 1.0 | fsync before ack");
        assertThat(md).contains("![Throughput and p99 latency per workload](performance.svg)");
    }

    @Test
    void marksAMissingSubjectAsNotYetMeasuredWithoutNumbers() {
        String md = MarkdownReport.render(
                report(
                        WorkloadResult.notMeasured("smoke-queue", "sluice-jms", "Sluice JMS", "driver not available"),
                        measured("artemis-default", "Artemis default", 1000, 8_000_000)),
                null,
                "mvn verify");
        assertThat(md).contains("| receive msgs/s | not yet measured | 1,000 | – |");
        assertThat(md).contains("Sluice JMS (`sluice-jms`) | not yet measured (driver not available)");
    }

    @Test
    void chartIsWellFormedSvgWithABarPerDriver() throws Exception {
        String svg = SvgChart.render(report(
                WorkloadResult.notMeasured("smoke-queue", "sluice-jms", "Sluice JMS", "driver not available"),
                measured("artemis-default", "Artemis <default>", 1000, 8_000_000)));
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("Artemis &lt;default&gt; 1,000").contains("Sluice JMS: not yet measured");
    }

    @Test
    void settingsLineNamesTheWorkloadAndItsDriverSettings() {
        var w = WorkloadFile.readResource("standard.json")
                .only(List.of("log-produce"))
                .workloads()
                .get(0);
        assertThat(MarkdownReport.settings(w))
                .startsWith("LOG topic `bench.log` (1 partition(s)), 1 producer(s)")
                .contains("max rate")
                .endsWith("Driver settings: `kafka.producer.batch.size=1048576`, `kafka.producer.linger.ms=1`,"
                        + " `sluice.producer.batchSizeBytes=1048576`, `sluice.producer.lingerMs=1`.");
    }

    @Test
    void ratiosHandleMissingAndZeroValues() {
        assertThat(Figures.ratio(3, 2)).isEqualTo("1.50×");
        assertThat(Figures.ratio(Double.NaN, 2)).isEqualTo("–");
        assertThat(Figures.ratio(1, 0)).isEqualTo("–");
        assertThat(Figures.ms(1_234_567)).isEqualTo("1.23");
        assertThat(Figures.ms(123_456_789)).isEqualTo("123");
    }
}
