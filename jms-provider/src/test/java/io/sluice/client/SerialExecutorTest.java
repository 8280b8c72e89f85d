package io.sluice.client;

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
    void tasksRunOneAtATimeInOrderOnAMultiThreadedDelegate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    order.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning.get()).isEqualTo(1);
            for (int i = 0; i < 1000; i++) {
                assertThat(order.get(i)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheNext() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(single);
            CountDownLatch ran = new CountDownLatch(1);
            serial.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            serial.execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void tasksRunInlineOnceTheDelegateIsShutDown() {
        ExecutorService single = Executors.newSingleThreadExecutor();
        single.shutdown();
        SerialExecutor serial = new SerialExecutor(single);
        List<String> ran = new ArrayList<>();
        serial.execute(() -> ran.add(Thread.currentThread().getName() + ":" + SerialExecutor.isCallbackThread()));
        assertThat(ran).containsExactly(Thread.currentThread().getName() + ":true");
        assertThat(SerialExecutor.isCallbackThread()).isFalse();
    }
}
