package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.api.AckRequest.Range;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeliveryIdsTest {

    @Test
    void idsBecomeSortedMergedRanges() {
        DeliveryIds ids = new DeliveryIds();
        for (long id : new long[] {7, 3, 4, 5, 10, 9, 20, 4}) {
            ids.add(id);
        }
        assertThat(ids.ranges()).containsExactly(new Range(3, 5), new Range(7, 7), new Range(9, 10), new Range(20, 20));
    }

    @Test
    void takeAllEmptiesTheList() {
        DeliveryIds ids = new DeliveryIds();
        for (int i = 0; i < 100; i++) {
            if (i != 50) {
                ids.add(i);
            }
        }
        DeliveryIds taken = ids.takeAll();
        assertThat(ids.isEmpty()).isTrue();
        assertThat(taken.size()).isEqualTo(99);
        assertThat(taken.ranges()).containsExactly(new Range(0, 49), new Range(51, 99));
        ids.addAll(taken);
        assertThat(ids.size()).isEqualTo(99);
    }
}
