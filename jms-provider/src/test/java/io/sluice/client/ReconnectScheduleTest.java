package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.error.ErrorCode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReconnectScheduleTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private ReconnectSchedule schedule(ClientConfig.Builder config) {
        ReconnectSchedule s = new ReconnectSchedule(config.build(), nanos::get, () -> 0.5);
        s.begin();
        return s;
    }

    private void advanceMs(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void delaysGrowUntilTheAttemptLimit() {
        ReconnectSchedule s = schedule(ClientConfig.builder()
                .reconnectBackoffMs(100)
                .reconnectBackoffMaxMs(1_000)
                .reconnectMaxAttempts(5)
                .reconnectTimeoutMs(60_000));
        assertThat(s.nextDelayMs()).isEqualTo(100);
        assertThat(s.nextDelayMs()).isEqualTo(200);
        assertThat(s.nextDelayMs()).isEqualTo(400);
        assertThat(s.nextDelayMs()).isEqualTo(800);
        assertThat(s.nextDelayMs()).isEqualTo(1_000);
        assertThat(s.nextDelayMs()).isEqualTo(-1);
        assertThat(s.attempts()).isEqualTo(5);
    }

    @Test
    void theTotalTimeoutEndsTheEpisodeAndShortensTheLastDelay() {
        ReconnectSchedule s = schedule(ClientConfig.builder()
                .reconnectBackoffMs(1_000)
                .reconnectBackoffMaxMs(1_000)
                .reconnectTimeoutMs(2_500));
        assertThat(s.nextDelayMs()).isEqualTo(1_000);
        advanceMs(2_000);
        assertThat(s.nextDelayMs()).isEqualTo(500);
        advanceMs(500);
        assertThat(s.nextDelayMs()).isEqualTo(-1);
        SluiceClientException cause = s.gaveUp("h:1", ClientErrors.connectionLost("refused", null));
        assertThat(cause.error()).isEqualTo(ErrorCode.CONNECTION_LOST);
        assertThat(cause.getMessage()).contains("gave up reconnecting to h:1 after 2 attempts in 2500 ms", "refused");
    }

    @Test
    void aNewEpisodeStartsAfresh() {
        ReconnectSchedule s =
                schedule(ClientConfig.builder().reconnectBackoffMs(10).reconnectMaxAttempts(1));
        assertThat(s.nextDelayMs()).isEqualTo(10);
        assertThat(s.nextDelayMs()).isEqualTo(-1);
        s.begin();
        assertThat(s.nextDelayMs()).isEqualTo(10);
    }

    @Test
    void disabledReconnectGivesUpAtOnceAndPermanentErrorsStayAsTheyAre() {
        ReconnectSchedule s = schedule(ClientConfig.builder().reconnectMaxAttempts(0));
        assertThat(s.nextDelayMs()).isEqualTo(-1);
        SluiceClientException auth = ClientErrors.fromBroker("HANDSHAKE", ErrorCode.AUTHENTICATION_FAILED, "no");
        assertThat(ReconnectSchedule.isPermanent(ErrorCode.AUTHENTICATION_FAILED))
                .isTrue();
        assertThat(ReconnectSchedule.isPermanent(ErrorCode.INVALID_CLIENT_ID)).isFalse();
        assertThat(s.gaveUp("h:1", auth)).isSameAs(auth);
    }

    @Test
    void heartbeatIntervalFollowsTheBrokersIdleTimeoutUnlessConfigured() {
        assertThat(Heartbeats.intervalMs(0, 30_000)).isEqualTo(10_000);
        assertThat(Heartbeats.intervalMs(0, 90)).isEqualTo(50);
        assertThat(Heartbeats.intervalMs(0, 0)).isEqualTo(10_000);
        assertThat(Heartbeats.intervalMs(700, 30_000)).isEqualTo(700);
    }
}
