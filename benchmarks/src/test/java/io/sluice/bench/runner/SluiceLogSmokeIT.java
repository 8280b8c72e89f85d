package io.sluice.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.driver.DriverRegistry;
import io.sluice.bench.report.RunReport;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the smoke set's log workloads against a child-JVM Sluice broker through the native client
 * ({@code sluice-log}): a produce-and-consume workload and a drain. Proves the driver works end to
 * end; it never checks speed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SluiceLogSmokeIT {
    @TempDir
    Path dir;

    @Test
    void smokeSetAgainstSluiceLogProducesAndDrains() throws Exception {
        Path md = dir.resolve("performance.md");
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--smoke",
            "--only",
            "smoke-log,smoke-log-drain",
            "--drivers",
            "sluice-log",
            "--no-machine-limits",
            "--output",
            md.toString(),
            "--data-dir",
            dir.resolve("data").toString()
        });
        RunReport report =
                BenchmarkMain.run(options, DriverRegistry.discover(), new PrintStream(OutputStream.nullOutputStream()));

        WorkloadResult produce = report.result("smoke-log", "sluice-log").orElseThrow();
        assertThat(produce.outcome()).as(produce.note()).isEqualTo(Outcome.MEASURED);
        assertThat(produce.sent()).isPositive();
        assertThat(produce.received()).isPositive();
        assertThat(produce.failures()).isZero();
        assertThat(produce.systemDescription()).contains("Sluice", "native client");
        WorkloadResult drain = report.result("smoke-log-drain", "sluice-log").orElseThrow();
        assertThat(drain.outcome()).as(drain.note()).isEqualTo(Outcome.MEASURED);
        assertThat(drain.received()).as("every backlog message is drained once").isEqualTo(5000);
        assertThat(Files.readString(md)).contains("### smoke-log-drain", "| drain msgs/s |", "Sluice log");
        try (var left = Files.list(dir.resolve("data"))) {
            assertThat(left).as("broker data is deleted after each workload").isEmpty();
        }
    }
}
