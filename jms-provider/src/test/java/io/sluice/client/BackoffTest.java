package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {
    @Test
    void delaysDoubleUpToTheCapWithinTheJitterBand() {
        assertThat(Backoff.delayMs(0, 100, 5_000, 0.5)).isEqualTo(100);
        assertThat(Backoff.delayMs(1, 100, 5_000, 0.5)).isEqualTo(200);
        assertThat(Backoff.delayMs(3, 100, 5_000, 0.5)).isEqualTo(800);
        assertThat(Backoff.delayMs(10, 100, 5_000, 0.5)).isEqualTo(5_000);
        assertThat(Backoff.delayMs(1_000, 100, 5_000, 0.5)).isEqualTo(5_000);
        assertThat(Backoff.delayMs(2, 100, 5_000, 0.0)).isEqualTo(320);
        assertThat(Backoff.delayMs(2, 100, 5_000, 0.999)).isBetween(479L, 480L);
        assertThat(Backoff.delayMs(20, 100, 5_000, 0.999)).isEqualTo(5_000);
        assertThat(Backoff.delayMs(0, 0, 0, 0.7)).isZero();
    }
}
