package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeliveryLedgerTest {

    @Test
    void idsIncreaseAndRangesRemoveOnlyWhatIsHeld() {
        DeliveryLedger ledger = new DeliveryLedger();
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.add(i % 2, 3, 100 + i)).isEqualTo(i + 1);
        }
        List<String> removed = new ArrayList<>();
        ledger.removeRange(3, 5, (id, sub, p, o) -> removed.add(id + ":" + sub + ":" + p + ":" + o));
        assertThat(removed).containsExactly("3:0:3:102", "4:1:3:103", "5:0:3:104");
        removed.clear();
        ledger.removeRange(1, 6, (id, sub, p, o) -> removed.add(id + ""));
        assertThat(removed).as("settled ids are ignored").containsExactly("1", "2", "6");
        ledger.removeRange(100, 200, (id, sub, p, o) -> removed.add("unknown " + id));
        assertThat(ledger.size()).isEqualTo(4);
        removed.clear();
        ledger.removeAll((id, sub, p, o) -> removed.add(id + ""));
        assertThat(removed).containsExactly("7", "8", "9", "10");
        assertThat(ledger.size()).isZero();
    }

    @Test
    void rangesAreCountedAndRemovedDeliveriesRestoredUnderTheirIds() {
        DeliveryLedger ledger = new DeliveryLedger();
        for (int i = 0; i < 3000; i++) {
            ledger.add(1, 0, i);
        }
        ledger.removeRange(1500, 1500, (id, sub, p, o) -> {});
        assertThat(ledger.countRange(1000, 2000)).isEqualTo(1000);
        assertThat(ledger.countRange(2990, 5000)).isEqualTo(11);
        assertThat(ledger.countRange(-5, 0)).isZero();
        List<long[]> taken = new ArrayList<>();
        ledger.removeRange(1020, 1030, (id, sub, p, o) -> taken.add(new long[] {id, sub, p, o}));
        assertThat(ledger.countRange(1000, 2000)).isEqualTo(989);
        taken.forEach(t -> ledger.restore(t[0], (int) t[1], (int) t[2], t[3]));
        assertThat(ledger.countRange(1000, 2000)).isEqualTo(1000);
        List<Long> offsets = new ArrayList<>();
        ledger.removeRange(1025, 1025, (id, sub, p, o) -> offsets.add(o));
        assertThat(offsets).containsExactly(1024L);
        ledger.restore(1500, 2, 0, 1499); // a chunk part that was emptied
        assertThatThrownBy(() -> ledger.restore(1500, 2, 0, 1499)).hasMessageContaining("held already");
        assertThatThrownBy(() -> ledger.restore(9999, 2, 0, 1)).hasMessageContaining("never handed out");
        assertThat(ledger.size()).isEqualTo(2999);
    }

    @Test
    void aLongHeldDeliveryKeepsOnlyItsOwnChunk() {
        DeliveryLedger ledger = new DeliveryLedger();
        long held = ledger.add(0, 0, 0);
        for (int i = 1; i < 100_000; i++) {
            long id = ledger.add(0, 0, i);
            ledger.removeRange(id, id, (a, b, c, d) -> {});
        }
        assertThat(ledger.size()).isEqualTo(1);
        List<Long> removed = new ArrayList<>();
        ledger.removeRange(Long.MIN_VALUE, Long.MAX_VALUE, (id, sub, p, o) -> removed.add(id));
        assertThat(removed).containsExactly(held);
    }
}
