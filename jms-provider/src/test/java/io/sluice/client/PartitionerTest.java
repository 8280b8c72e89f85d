package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PartitionerTest {
    private final Partitioner partitioner = new Partitioner();

    @Test
    void equalKeysAlwaysMapToOnePartitionAndKeysSpread() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] key = ("customer-" + i).getBytes(StandardCharsets.UTF_8);
            int p = partitioner.partition("t", key, 8);
            assertThat(partitioner.partition("t", key.clone(), 8)).isEqualTo(p);
            assertThat(p).isBetween(0, 7);
            used.add(p);
        }
        assertThat(used).hasSize(8);
    }

    @Test
    void keylessRecordsStickUntilTheirBatchCloses() {
        int first = partitioner.partition("t", null, 3);
        assertThat(partitioner.partition("t", null, 3)).isEqualTo(first);

        partitioner.onBatchClosed("t", first);
        int second = partitioner.partition("t", null, 3);
        assertThat(second).isEqualTo((first + 1) % 3);

        partitioner.onBatchClosed("t", first);
        assertThat(partitioner.partition("t", null, 3))
                .as("a stale close does not move on")
                .isEqualTo(second);
    }

    @Test
    void aShrunkTopicRestartsTheStickyChoice() {
        for (int i = 0; i < 10; i++) {
            int p = partitioner.partition("t", null, 10);
            partitioner.onBatchClosed("t", p);
        }
        assertThat(partitioner.partition("t", null, 1)).isZero();
    }
}
