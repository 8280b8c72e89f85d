package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialExecutorTest {

    @Test
    void tasksRunOneAtATimeInSubmissionOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor("test", pool);
            AtomicInteger running = new AtomicInteger();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            int n = 20_000;
            CountDownLatch done = new CountDownLatch(n);
            List<Integer> overlaps = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < n; i++) {
                int task = i;
                serial.execute(() -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.add(task);
                    }
                    assertThat(serial.inExecutor()).isTrue();
                    order.add(task);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).isEmpty();
            assertThat(order).isSorted().hasSize(n);
            assertThat(serial.inExecutor()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheOthersAndShutdownDropsTasks() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor("test", pool);
            CountDownLatch ran = new CountDownLatch(1);
            serial.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            serial.execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            serial.shutdown();
            AtomicInteger after = new AtomicInteger();
            serial.execute(after::incrementAndGet);
            Thread.sleep(100);
            assertThat(after.get()).isZero();
            assertThat(serial.isShutdown()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
