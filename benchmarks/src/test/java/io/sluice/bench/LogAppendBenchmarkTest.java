package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the benchmark runs end to end on a tiny volume; it never judges speed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogAppendBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunReportsBothFiguresAndCleansUp() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        LogAppendBenchmark.Result r = LogAppendBenchmark.run(
                LogAppendBenchmark.parse(new String[] {
                    "--dir",
                    dir.toString(),
                    "--total-mb",
                    "4",
                    "--batch-kb",
                    "16",
                    "--threads",
                    "2",
                    "--warmup-mb",
                    "1",
                    "--rounds",
                    "1"
                }),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(r.bytes()).isGreaterThan(3L * 1024 * 1024).isLessThanOrEqualTo(4L * 1024 * 1024);
        assertThat(r.appends()).isPositive();
        assertThat(r.fsyncs()).isPositive();
        assertThat(r.logMbPerSec()).isPositive();
        assertThat(r.rawMbPerSec()).isPositive();
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("log (group commit)", "raw FileChannel", "log / raw");
        try (var left = Files.list(dir)) {
            assertThat(left).as("data files deleted").isEmpty();
        }
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThatThrownBy(() -> LogAppendBenchmark.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("--bogus");
    }
}
