package io.sluice.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.driver.DriverRegistry;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the smoke set's JMS workloads against Sluice and Artemis in child JVMs and checks that the
 * report is written with figures. Proves the tool works end to end; it never checks speed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArtemisSmokeIT {
    @TempDir
    Path dir;

    @Test
    void smokeSetAgainstArtemisWritesAReportWithFigures() throws Exception {
        Path md = dir.resolve("docs").resolve("performance.md");
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--smoke",
            "--only",
            "smoke-queue,smoke-topic,smoke-transacted,smoke-move,smoke-selectors",
            "--drivers",
            "sluice-jms,artemis-default",
            "--output",
            md.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--progress-seconds",
            "1"
        });
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunReport report = BenchmarkMain.run(
                options, DriverRegistry.discover(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        for (String workload : new String[] {"smoke-queue", "smoke-topic", "smoke-transacted"}) {
            WorkloadResult artemis = report.result(workload, "artemis-default").orElseThrow();
            assertThat(artemis.outcome()).as(artemis.note()).isEqualTo(Outcome.MEASURED);
            assertThat(artemis.sent()).as(workload).isPositive();
            assertThat(artemis.received()).as(workload).isPositive();
            assertThat(artemis.endToEnd().count()).as(workload).isPositive();
            assertThat(artemis.brokerCpuCores()).isPresent();
            assertThat(artemis.brokerLiveHeapBytes()).isPresent();
            assertThat(artemis.systemDescription()).contains("Apache ActiveMQ Artemis");
            WorkloadResult sluice = report.result(workload, "sluice-jms").orElseThrow();
            assertThat(sluice.outcome()).as(sluice.note()).isEqualTo(Outcome.MEASURED);
            assertThat(sluice.received()).as(workload).isPositive();
            assertThat(sluice.systemDescription()).contains("Sluice");
        }
        for (String driver : new String[] {"sluice-jms", "artemis-default"}) {
            WorkloadResult moved = report.result("smoke-move", driver).orElseThrow();
            assertThat(moved.outcome()).as(moved.note()).isEqualTo(Outcome.MEASURED);
            assertThat(moved.sent()).isEqualTo(500);
            assertThat(moved.received())
                    .as("every message was moved in a transaction")
                    .isEqualTo(500);
        }
        for (String driver : new String[] {"sluice-jms", "artemis-default"}) {
            WorkloadResult selected = report.result("smoke-selectors", driver).orElseThrow();
            assertThat(selected.outcome()).as(selected.note()).isEqualTo(Outcome.MEASURED);
            assertThat(selected.received()).as("every group has its consumer").isPositive();
        }
        WorkloadResult topic = report.result("smoke-topic", "artemis-default").orElseThrow();
        assertThat(topic.received())
                .as("two subscriptions each get every message")
                .isGreaterThan(topic.sent());
        assertThat(report.limits()).isPresent();

        String text = Files.readString(md);
        assertThat(text).contains("## Machine limits", "### smoke-queue", "| receive msgs/s |", "Artemis default");
        assertThat(dir.resolve("docs").resolve("performance.svg")).exists();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("artemis-default | smoke-queue | measure");
        try (var left = Files.list(dir.resolve("data"))) {
            assertThat(left).as("broker data is deleted after each workload").isEmpty();
        }
    }
}
