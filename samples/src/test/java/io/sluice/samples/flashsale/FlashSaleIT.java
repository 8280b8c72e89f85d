package io.sluice.samples.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.samples.support.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 10,000 attempts for 1,000 tickets: exactly 1,000 sold, none twice, every attempt answered once. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FlashSaleIT {
    @TempDir
    static Path dir;

    static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void exactlyTheTicketsOnSaleAreSoldEachOnceAndEveryAttemptIsAnswered() throws Exception {
        Context jndi = broker.jndi();
        FlashSaleResult r;
        try {
            r = FlashSaleApp.run(jndi, System.out);
        } finally {
            jndi.close();
        }

        assertThat(r.attempts()).isEqualTo(10_000);
        assertThat(r.tickets()).isEqualTo(1_000);
        assertThat(r.answers()).hasSize(r.attempts());
        assertThat(r.answersPerBuyer().values()).as("one answer per attempt").allMatch(n -> n == 1);
        assertThat(r.answers().values())
                .extracting(Answer::outcome)
                .containsOnly(TicketDesk.OUTCOME_GRANTED, TicketDesk.OUTCOME_SOLD_OUT);

        List<Integer> tickets = r.answers().values().stream()
                .filter(Answer::granted)
                .map(Answer::ticket)
                .toList();
        assertThat(tickets).as("exactly the tickets on sale are sold").hasSize(r.tickets());
        assertThat(tickets).as("no ticket sold twice").doesNotHaveDuplicates();
        assertThat(tickets).allMatch(t -> t >= 1 && t <= r.tickets());
        assertThat(r.soldByInventory()).isEqualTo(r.tickets());
        assertThat(r.peakBacklog()).isPositive();
    }
}
