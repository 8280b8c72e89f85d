package io.sluice.samples.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TicketInventoryTest {

    @Test
    void grantsNumberedTicketsUntilSoldOut() {
        TicketInventory inventory = new TicketInventory(2);
        assertThat(inventory.grant("a")).isEqualTo(1);
        assertThat(inventory.grant("b")).isEqualTo(2);
        assertThat(inventory.grant("c")).isEqualTo(TicketInventory.SOLD_OUT);
        assertThat(inventory.sold()).isEqualTo(2);
    }

    @Test
    void aRepeatedRequestOfTheSameBuyerGetsTheSameTicket() {
        TicketInventory inventory = new TicketInventory(2);
        assertThat(inventory.grant("a")).isEqualTo(1);
        assertThat(inventory.grant("a")).isEqualTo(1);
        assertThat(inventory.sold()).isEqualTo(1);
        assertThat(inventory.grant("b")).isEqualTo(2);
        assertThat(inventory.grant("b")).as("after the sale is over too").isEqualTo(2);
    }

    @Test
    void concurrentBuyersNeverGetTheSameTicket() throws Exception {
        TicketInventory inventory = new TicketInventory(500);
        ConcurrentLinkedQueue<Integer> granted = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        int ticket = inventory.grant(thread + "-" + i);
                        if (ticket != TicketInventory.SOLD_OUT) {
                            granted.add(ticket);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted).hasSize(500).doesNotHaveDuplicates().allMatch(t -> t >= 1 && t <= 500);
    }

    @Test
    void refusesAnEmptySale() {
        assertThatThrownBy(() -> new TicketInventory(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be at least 1, was 0");
    }
}
