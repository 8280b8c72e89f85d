package io.sluice.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.bench.driver.Payloads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkloadStatsTest {
    @Test
    void endToEndLatencyRunsFromTheStampedIntendedTime() {
        AtomicLong now = new AtomicLong();
        WorkloadStats stats = new WorkloadStats(now::get);
        LatencyWindow window = new LatencyWindow(stats.endToEndRecorder());
        byte[] body = Payloads.newBody(100, 1);
        Payloads.stamp(body, 1_000_000);
        now.set(4_000_000);
        stats.onMessage(body); // warm-up: dropped
        window.startMeasuring();
        now.set(11_000_000);
        stats.onMessage(body);
        LatencySummary s = window.finish();
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.p50Nanos()).isBetween(9_990_000L, 10_010_000L);
        assertThat(stats.counters().received()).isEqualTo(2);
        assertThat(stats.counters().receivedBytes()).isEqualTo(200);
        assertThat(stats.firstReceiveNanos()).isEqualTo(4_000_000);
        assertThat(stats.lastReceiveNanos()).isEqualTo(11_000_000);
    }

    @Test
    void countsSendsFailuresAndKeepsTheFirstCause() {
        WorkloadStats stats = new WorkloadStats(NanoClock.SYSTEM);
        stats.onSent(1024, 5_000);
        stats.onSendFailed(new IllegalStateException("first"));
        stats.onConsumerFailure(new IllegalStateException("second"));
        WorkloadStats.Counters c = stats.counters();
        assertThat(c.sent()).isEqualTo(1);
        assertThat(c.sentBytes()).isEqualTo(1024);
        assertThat(c.failures()).isEqualTo(2);
        assertThat(stats.firstFailure()).hasMessage("first");
        assertThat(c.minus(new WorkloadStats.Counters(1, 1024, 1, 0, 0)).failures())
                .isEqualTo(1);
    }

    @Test
    void stampRoundTripsAndShortBodiesAreRejected() {
        byte[] body = Payloads.newBody(8, 3);
        Payloads.stamp(body, -123_456_789_012L);
        assertThat(Payloads.stampOf(body)).isEqualTo(-123_456_789_012L);
        assertThatThrownBy(() -> Payloads.stampOf(new byte[4])).hasMessageContaining("carries no send stamp");
        assertThatThrownBy(() -> Payloads.newBody(7, 1)).hasMessageContaining("at least 8 bytes");
    }
}
