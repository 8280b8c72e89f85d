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

/** Proves the produce benchmark runs end to end on a tiny volume; it never judges speed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProduceBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunReportsProduceAndStorageFiguresAndCleansUp() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ProduceBenchmark.Result r = ProduceBenchmark.run(
                ProduceBenchmark.parse(new String[] {
                    "--dir", dir.toString(),
                    "--total-mb", "2",
                    "--producers", "2",
                    "--partitions", "2",
                    "--batch-kb", "16",
                    "--warmup-mb", "1",
                    "--rounds", "1"
                }),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(r.produce().records()).isEqualTo(2 * 1024);
        assertThat(r.produce().bytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(r.produce().mbPerSec()).isPositive();
        assertThat(r.log()).isNotNull();
        assertThat(r.log().logMbPerSec()).isPositive();
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("produce (network, DURABLE, idempotent)", "storage engine append (same run)");
        try (var left = Files.list(dir)) {
            assertThat(left).as("data files deleted").isEmpty();
        }
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThatThrownBy(() -> ProduceBenchmark.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> ProduceBenchmark.parse(new String[] {"--producers", "0"}))
                .hasMessageContaining("--producers");
    }
}
