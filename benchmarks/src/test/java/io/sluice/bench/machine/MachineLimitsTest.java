package io.sluice.bench.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.measure.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MachineLimitsTest {
    @TempDir
    Path dir;

    @Test
    void loopbackRoundTripRecordsEverySample() throws Exception {
        LatencySummary rtt = MachineLimits.loopbackRoundTrip(200);
        assertThat(rtt.count()).isEqualTo(200);
        assertThat(rtt.p50Nanos()).isPositive().isLessThanOrEqualTo(rtt.maxNanos());
    }

    @Test
    void fsyncLatencyRecordsEverySampleAndCleansUp() throws Exception {
        LatencySummary fsync = MachineLimits.fsyncLatency(dir, 10);
        assertThat(fsync.count()).isEqualTo(10);
        assertThat(fsync.p50Nanos()).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void preallocatedFsyncLatencyRecordsEverySample() throws Exception {
        assertThat(MachineLimits.fsyncPreallocatedLatency(dir, 10).count()).isEqualTo(10);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void sequentialWriteReportsABandwidthForEachCadence() throws Exception {
        assertThat(MachineLimits.sequentialWrite(dir, 2, 64, 0)).isPositive();
        assertThat(MachineLimits.sequentialWrite(dir, 2, 64, 256)).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
