package io.sluice.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        LogConfig c = LogConfig.DEFAULT;
        assertThat(c.segmentBytes()).isEqualTo(1L << 30);
        assertThat(c.segmentMs()).isEqualTo(TimeUnit.DAYS.toMillis(7));
        assertThat(c.retentionMs()).isEqualTo(TimeUnit.DAYS.toMillis(7));
        assertThat(c.retentionBytes()).isEqualTo(-1);
        assertThat(c.indexIntervalBytes()).isEqualTo(4096);
        assertThat(c.maxBatchBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.flushPolicy()).isEqualTo(FlushPolicy.GROUP);
        assertThat(c.flushLingerMs()).isZero();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void outOfRangeSettingsAreRejectedByName() {
        assertThatThrownBy(() -> LogConfig.builder().segmentBytes(100).build()).hasMessageContaining("segmentBytes");
        assertThatThrownBy(() -> LogConfig.builder().segmentBytes(1L << 31).build())
                .hasMessageContaining("segmentBytes");
        assertThatThrownBy(() -> LogConfig.builder().segmentMs(0).build()).hasMessageContaining("segmentMs");
        assertThatThrownBy(() -> LogConfig.builder().retentionMs(-2).build()).hasMessageContaining("retentionMs");
        assertThatThrownBy(() -> LogConfig.builder().retentionBytes(-5).build()).hasMessageContaining("retentionBytes");
        assertThatThrownBy(() -> LogConfig.builder().indexIntervalBytes(0).build())
                .hasMessageContaining("indexIntervalBytes");
        assertThatThrownBy(() -> LogConfig.builder().maxBatchBytes(10).build()).hasMessageContaining("maxBatchBytes");
        assertThatThrownBy(() -> LogConfig.builder().flushLingerMs(-1).build()).hasMessageContaining("flushLingerMs");
        assertThatThrownBy(() -> LogConfig.builder().flushPolicy(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void topicPartitionNamesAreSafeFolderNames() {
        TopicPartition tp = new TopicPartition("orders.eu-west_1", 12);
        assertThat(tp.directoryName()).isEqualTo("orders.eu-west_1-12");
        assertThat(TopicPartition.fromDirectoryName("orders.eu-west_1-12")).isEqualTo(tp);
        assertThatThrownBy(() -> new TopicPartition("a/b", 0)).hasMessageContaining("may only contain");
        assertThatThrownBy(() -> new TopicPartition("..", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicPartition("", 0)).hasMessageContaining("1 to 200");
        assertThatThrownBy(() -> new TopicPartition("x", -1)).hasMessageContaining("partition");
        assertThatThrownBy(() -> TopicPartition.fromDirectoryName("nopartition"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicPartition.fromDirectoryName("x-y")).hasMessageContaining("partition number");
    }
}
