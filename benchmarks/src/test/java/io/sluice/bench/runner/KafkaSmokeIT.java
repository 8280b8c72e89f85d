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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the smoke set's log workloads against a child-JVM Kafka broker. A KRaft node takes several
 * seconds per start, so this runs only with {@code -Pbench} (which sets {@code sluice.bench.kafka}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@EnabledIfSystemProperty(named = "sluice.bench.kafka", matches = "true")
class KafkaSmokeIT {
    @TempDir
    Path dir;

    @Test
    void smokeSetAgainstKafkaProducesAndDrains() throws Exception {
        Path md = dir.resolve("performance.md");
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--smoke",
            "--only",
            "smoke-log,smoke-log-drain",
            "--drivers",
            "kafka",
            "--no-machine-limits",
            "--output",
            md.toString(),
            "--data-dir",
            dir.resolve("data").toString()
        });
        RunReport report =
                BenchmarkMain.run(options, DriverRegistry.discover(), new PrintStream(OutputStream.nullOutputStream()));

        WorkloadResult produce = report.result("smoke-log", "kafka").orElseThrow();
        assertThat(produce.outcome()).as(produce.note()).isEqualTo(Outcome.MEASURED);
        assertThat(produce.sent()).isPositive();
        assertThat(produce.received()).isPositive();
        assertThat(produce.systemDescription()).contains("Apache Kafka");
        WorkloadResult drain = report.result("smoke-log-drain", "kafka").orElseThrow();
        assertThat(drain.outcome()).as(drain.note()).isEqualTo(Outcome.MEASURED);
        assertThat(drain.received()).isEqualTo(5000);
        assertThat(Files.readString(md)).contains("### smoke-log-drain", "| drain msgs/s |");
    }
}
