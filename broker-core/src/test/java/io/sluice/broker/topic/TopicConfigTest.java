package io.sluice.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TopicConfigTest {
    private final TopicConfig defaults = TopicConfig.builtInDefaults();

    @Test
    void builtInDefaults() {
        assertThat(defaults.type()).isEqualTo(TopicType.TOPIC);
        assertThat(defaults.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(defaults.retentionBytes()).isEqualTo(-1);
        assertThat(defaults.segmentBytes()).isEqualTo(1L << 30);
        assertThat(defaults.flushPolicy()).isEqualTo("group");
        assertThat(defaults.maxBatchBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.effective().keySet())
                .containsExactly(
                        "type",
                        "retention.ms",
                        "retention.bytes",
                        "segment.bytes",
                        "segment.ms",
                        "flush.policy",
                        "flush.linger.ms",
                        "max.batch.bytes",
                        "max.record.bytes",
                        "max.record.headers",
                        "max.deliveries",
                        "redelivery.delay.ms",
                        "redelivery.backoff.multiplier",
                        "redelivery.delay.max.ms",
                        "dead.letter.queue",
                        "expiry.queue");
        assertThat(defaults.maxRecordBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(defaults.maxRecordHeaders()).isEqualTo(1000);
        assertThat(defaults.maxDeliveries()).isEqualTo(10);
        assertThat(defaults.redeliveryDelayMs()).isZero();
        assertThat(defaults.redeliveryBackoffMultiplier()).isEqualTo(1.0);
        assertThat(defaults.deadLetterQueue()).isEqualTo("DLQ");
        assertThat(defaults.expiryQueue()).isEmpty();
        assertThat(defaults.overrides()).isEmpty();
    }

    @Test
    void brokerDefaultsApplyUnlessATopicOverrides() {
        TopicConfig broker = TopicConfig.brokerDefaults(Map.of("retention.ms", "1000", "flush.policy", "always"));
        TopicConfig topic = broker.withOverrides(Map.of("retention.ms", "5000", "type", "queue"));
        assertThat(topic.retentionMs()).isEqualTo(5000);
        assertThat(topic.flushPolicy()).isEqualTo("always");
        assertThat(topic.type()).isEqualTo(TopicType.QUEUE);
        assertThat(topic.overrides()).containsOnlyKeys("retention.ms", "type");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("retention.ms")
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("segment.bytes", "10")))
                .hasMessageContaining("segment.bytes")
                .hasMessageContaining("outside [1024");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("type", "stream")))
                .hasMessageContaining("type")
                .hasMessageContaining("'queue' or 'topic'");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("flush.policy", "sometimes")))
                .hasMessageContaining("flush.policy");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("retention.ms", "-2")))
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("redelivery.backoff.multiplier", "0.5")))
                .hasMessageContaining("redelivery.backoff.multiplier")
                .hasMessageContaining("outside [1.0");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("redelivery.backoff.multiplier", "NaN")))
                .hasMessageContaining("redelivery.backoff.multiplier");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("dead.letter.queue", "bad/name")))
                .hasMessageContaining("dead.letter.queue");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("max.deliveries", "-1")))
                .hasMessageContaining("max.deliveries");
        TopicConfig noQueues = defaults.withOverrides(Map.of("dead.letter.queue", "", "expiry.queue", "expired.q"));
        assertThat(noQueues.deadLetterQueue()).isEmpty();
        assertThat(noQueues.expiryQueue()).isEqualTo("expired.q");
    }

    @Test
    void unknownKeyIsRejected() {
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("retention.minutes", "5")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown topic config 'retention.minutes'");
    }

    @Test
    void alterSetsAndResets() {
        TopicConfig topic = defaults.withOverrides(Map.of("retention.ms", "5000", "segment.ms", "60000"));
        TopicConfig altered = topic.alter(Map.of("retention.bytes", "1048576"), List.of("retention.ms"));
        assertThat(altered.overrides()).containsOnlyKeys("segment.ms", "retention.bytes");
        assertThat(altered.retentionMs()).isEqualTo(defaults.retentionMs());
    }

    @Test
    void alterCannotChangeTheTypeOrSetAndResetOneKey() {
        TopicConfig queue = defaults.withOverrides(Map.of("type", "queue"));
        assertThatThrownBy(() -> queue.alter(Map.of("type", "topic"), List.of()))
                .hasMessageContaining("'type' cannot be changed");
        assertThatThrownBy(() -> queue.alter(Map.of(), List.of("type")))
                .hasMessageContaining("'type' cannot be changed");
        assertThatThrownBy(() -> queue.alter(Map.of("segment.ms", "1"), List.of("segment.ms")))
                .hasMessageContaining("both set and reset");
        assertThat(queue.alter(Map.of("type", "queue"), List.of()).type()).isEqualTo(TopicType.QUEUE);
    }
}
