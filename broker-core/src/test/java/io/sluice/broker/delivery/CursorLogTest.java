package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CursorLogTest {
    @TempDir
    Path dir;

    private static ByteBuf value(int i) {
        return Unpooled.copiedBuffer("record-" + i + "-" + "x".repeat(200), StandardCharsets.UTF_8);
    }

    @Test
    void appendsAreReplayedAfterReopeningAndOldSegmentsCanBeDropped() throws Exception {
        try (CursorLog log = CursorLog.open(dir, 64 * 1024, Clock.systemUTC())) {
            for (int i = 0; i < 1000; i++) {
                assertThat(log.append(value(i))).isEqualTo(i);
            }
            log.awaitDurable(999).get(10, TimeUnit.SECONDS);
            assertThat(log.highWatermark()).isEqualTo(1000);
            assertThat(log.segmentCount()).isGreaterThan(2);
        }
        try (CursorLog log = CursorLog.open(dir, 64 * 1024, Clock.systemUTC())) {
            List<String> replayed = new ArrayList<>();
            log.replay((offset, v) -> replayed.add(
                    offset + ":" + v.toString(StandardCharsets.UTF_8).substring(0, 12)));
            assertThat(replayed).hasSize(1000);
            assertThat(replayed.get(0)).isEqualTo("0:record-0-xxx");
            assertThat(replayed.get(999)).startsWith("999:record-999");
            int segments = log.segmentCount();
            log.truncateBefore(900);
            assertThat(log.segmentCount()).isLessThan(segments);
            assertThat(log.startOffset()).isEqualTo(900);
            List<Long> after = new ArrayList<>();
            log.replay((offset, v) -> after.add(offset));
            assertThat(after).first().isEqualTo(900L);
            assertThat(after).hasSize(100);
            log.truncateBefore(5_000);
            assertThat(log.startOffset()).as("never beyond the durable end").isEqualTo(1000);
            assertThat(log.append(value(1000))).isEqualTo(1000);
        }
    }
}
