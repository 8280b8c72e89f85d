package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.error.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BufferMemoryTest {

    @Test
    void reservationsAreBoundedAndReleased() {
        BufferMemory memory = new BufferMemory(1000);
        memory.reserve(600, 0);
        assertThat(memory.availableBytes()).isEqualTo(400);
        assertThatThrownBy(() -> memory.reserve(500, 0))
                .isInstanceOf(SluiceClientException.class)
                .extracting(e -> ((SluiceClientException) e).error())
                .isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
        memory.release(600);
        memory.reserve(1000, 0);
        assertThat(memory.availableBytes()).isZero();
    }

    @Test
    void aReservationLargerThanTheWholeBudgetFailsAtOnce() {
        BufferMemory memory = new BufferMemory(1000);
        assertThatThrownBy(() -> memory.reserve(1001, 60_000))
                .isInstanceOf(SluiceClientException.class)
                .extracting(e -> ((SluiceClientException) e).error())
                .isEqualTo(ErrorCode.RECORD_TOO_LARGE);
    }

    @Test
    void aWaitingSenderProceedsWhenMemoryIsReleased() throws Exception {
        BufferMemory memory = new BufferMemory(1000);
        memory.reserve(1000, 0);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> memory.reserve(300, 20_000));
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
        memory.release(500);
        waiter.get(10, TimeUnit.SECONDS);
        assertThat(memory.availableBytes()).isEqualTo(200);
    }

    @Test
    void closingWakesWaitersWithAClearError() throws Exception {
        BufferMemory memory = new BufferMemory(100);
        memory.reserve(100, 0);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> memory.reserve(50, 20_000));
        Thread.sleep(100);
        memory.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the producer is closed");
    }
}
