package io.sluice.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateScheduleTest {
    @Test
    void intendedTimesFollowTheRateEvenWhenTheProducerIsLate() {
        AtomicLong now = new AtomicLong(1_000);
        RateSchedule schedule = new RateSchedule(now::get, 1_000); // one message per ms
        now.set(1_000 + 5_500_000); // the producer stalled for 5.5 ms
        assertThat(schedule.awaitNext()).isEqualTo(1_000);
        assertThat(schedule.awaitNext()).isEqualTo(1_000 + 1_000_000);
        assertThat(schedule.awaitNext()).isEqualTo(1_000 + 2_000_000);
        assertThat(schedule.issued()).isEqualTo(3);
    }

    @Test
    void waitsUntilTheNextMessageIsDue() {
        RateSchedule schedule = new RateSchedule(NanoClock.SYSTEM, 100); // every 10 ms
        schedule.awaitNext();
        long second = schedule.awaitNext();
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(second);
        long third = schedule.awaitNext();
        assertThat(third - second).isEqualTo(10_000_000);
    }

    @Test
    void unboundedScheduleStampsTheCurrentTime() {
        AtomicLong now = new AtomicLong(42);
        RateSchedule schedule = new RateSchedule(now::get, 0);
        assertThat(schedule.isUnbounded()).isTrue();
        now.set(77);
        assertThat(schedule.awaitNext()).isEqualTo(77);
    }

    @Test
    void rejectsNegativeRates() {
        assertThatThrownBy(() -> new RateSchedule(NanoClock.SYSTEM, -1)).hasMessageContaining("rate must be >= 0");
    }
}
