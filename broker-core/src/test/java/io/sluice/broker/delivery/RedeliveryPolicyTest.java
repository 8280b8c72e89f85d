package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.topic.TopicConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedeliveryPolicyTest {
    private static TopicConfig config(Map<String, String> overrides) {
        return TopicConfig.builtInDefaults().withOverrides(overrides);
    }

    @Test
    void delayGrowsByTheMultiplierUpToTheCap() {
        TopicConfig c = config(Map.of(
                "redelivery.delay.ms", "100", "redelivery.backoff.multiplier", "3", "redelivery.delay.max.ms", "1000"));
        assertThat(RedeliveryPolicy.delayMs(c, 1)).isEqualTo(100);
        assertThat(RedeliveryPolicy.delayMs(c, 2)).isEqualTo(300);
        assertThat(RedeliveryPolicy.delayMs(c, 3)).isEqualTo(900);
        assertThat(RedeliveryPolicy.delayMs(c, 4)).isEqualTo(1000);
        assertThat(RedeliveryPolicy.delayMs(c, 1_000_000)).isEqualTo(1000);
    }

    @Test
    void noDelayByDefaultAndACapBelowTheDelayDoesNotShortenIt() {
        assertThat(RedeliveryPolicy.delayMs(config(Map.of()), 5)).isZero();
        assertThat(RedeliveryPolicy.delayMs(null, 5)).isZero();
        TopicConfig c = config(Map.of("redelivery.delay.ms", "500", "redelivery.delay.max.ms", "10"));
        assertThat(RedeliveryPolicy.delayMs(c, 3)).isEqualTo(500);
    }

    @Test
    void deadLetteringStartsAtMaxDeliveries() {
        TopicConfig c = config(Map.of("max.deliveries", "3"));
        assertThat(RedeliveryPolicy.mustDeadLetter(c, "orders", 2)).isFalse();
        assertThat(RedeliveryPolicy.mustDeadLetter(c, "orders", 3)).isTrue();
        assertThat(RedeliveryPolicy.mustDeadLetter(c, "orders", 4)).isTrue();
        assertThat(RedeliveryPolicy.mustDeadLetter(config(Map.of("max.deliveries", "0")), "orders", 1_000))
                .as("0 = unlimited")
                .isFalse();
        assertThat(RedeliveryPolicy.mustDeadLetter(c, "DLQ", 10))
                .as("a queue that is its own dead-letter queue keeps its messages")
                .isFalse();
        assertThat(RedeliveryPolicy.mustDeadLetter(config(Map.of()), "x", 10))
                .as("default 10")
                .isTrue();
        assertThat(RedeliveryPolicy.mustDeadLetter(config(Map.of()), "x", 9)).isFalse();
    }
}
