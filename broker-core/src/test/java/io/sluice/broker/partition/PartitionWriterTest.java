package io.sluice.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PartitionWriterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static PartitionWriter.Task task(Runnable body, List<RuntimeException> rejected) {
        return new PartitionWriter.Task() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public void reject(RuntimeException reason) {
                rejected.add(reason);
            }
        };
    }

    @Test
    void runsTasksOneAtATimeInSubmissionOrder() throws InterruptedException {
        PartitionWriter writer = new PartitionWriter("t-0", pool, 10_000);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1000);
        List<RuntimeException> rejected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            writer.submit(task(
                    () -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        order.add(n);
                        running.decrementAndGet();
                        done.countDown();
                    },
                    rejected));
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(maxRunning.get()).isEqualTo(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(order.get(i)).isEqualTo(i);
        }
        assertThat(rejected).isEmpty();
    }

    @Test
    void refusesTasksBeyondTheQueueLimitAndRejectsOnFailure() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        PartitionWriter writer = new PartitionWriter("t-0", pool, 2);
        List<RuntimeException> rejected = Collections.synchronizedList(new ArrayList<>());
        writer.submit(task(
                () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                rejected));
        Thread.sleep(100); // let the first task start, so the queue holds only what follows
        writer.submit(task(() -> {}, rejected));
        writer.submit(task(
                () -> {
                    throw new IllegalStateException("boom");
                },
                rejected));
        assertThatThrownBy(() -> writer.submit(task(() -> {}, rejected)))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("t-0");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rejected.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(rejected).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    }

    @Test
    void tasksAreRejectedWhenThePoolRefusesThem() {
        pool.shutdown();
        PartitionWriter writer = new PartitionWriter("t-0", pool, 10);
        List<RuntimeException> rejected = new ArrayList<>();
        writer.submit(task(() -> {}, rejected));
        assertThat(rejected).singleElement().isInstanceOf(RejectedExecutionException.class);
    }
}
