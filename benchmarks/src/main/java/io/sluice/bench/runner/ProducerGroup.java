package io.sluice.bench.runner;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.Payloads;
import io.sluice.bench.driver.SendCallback;
import io.sluice.bench.measure.NanoClock;
import io.sluice.bench.measure.RateSchedule;
import io.sluice.bench.measure.WorkloadStats;
import io.sluice.bench.workload.SendMode;
import io.sluice.bench.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a workload's producers, one thread each: paces sends to the rate schedule, stamps the
 * intended send time, and bounds unacknowledged sends to {@code maxOutstandingSends} (1 for
 * synchronous sends). A phase runs either until {@link #stop()} or until a shared message budget is
 * spent; a group can run several phases with the same producers (backlog checkpoints).
 *
 * <p>Thread-safe for the runner's calls; each producer is confined to its own thread during a
 * phase.
 */
final class ProducerGroup implements AutoCloseable {
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final Workload workload;
    private final List<BenchProducer> producers;
    private final List<Semaphore> outstanding = new ArrayList<>();
    private final WorkloadStats stats;
    private final NanoClock clock;
    private final List<Thread> threads = new ArrayList<>();
    // Shared by every producer thread of a phase: the messages still to send.
    private final AtomicLong budget = new AtomicLong();
    // Set by the runner, read by producer threads at every send.
    private volatile boolean stopping;

    ProducerGroup(Workload workload, List<BenchProducer> producers, WorkloadStats stats, NanoClock clock) {
        this.workload = workload;
        this.producers = List.copyOf(producers);
        this.stats = stats;
        this.clock = clock;
        int permits = permits(workload);
        for (int i = 0; i < producers.size(); i++) {
            outstanding.add(new Semaphore(permits));
        }
    }

    /**
     * Unacknowledged sends one producer may have: 1 when synchronous, {@code maxOutstandingSends}
     * when asynchronous, and never fewer than a transaction (its sends complete at commit).
     */
    static int permits(Workload workload) {
        int permits = workload.sendMode() == SendMode.SYNC ? 1 : workload.maxOutstandingSends();
        return Math.max(permits, workload.transactionSize());
    }

    /** Starts a phase that sends at the workload's rate until {@link #stop()}. */
    void startUnlimited() {
        start(UNLIMITED, workload.targetRatePerSecond());
    }

    /** Starts a phase that sends {@code messages} in total, as fast as possible. */
    void startLimited(long messages) {
        start(messages, 0);
    }

    private synchronized void start(long messages, long ratePerSecond) {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("a producer phase is already running");
        }
        stopping = false;
        budget.set(messages);
        double perProducer = (double) ratePerSecond / producers.size();
        for (int i = 0; i < producers.size(); i++) {
            int index = i;
            Thread t = new Thread(
                    () -> sendLoop(index, new RateSchedule(clock, perProducer)),
                    "producer-" + workload.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void sendLoop(int index, RateSchedule schedule) {
        BenchProducer producer = producers.get(index);
        Semaphore permits = outstanding.get(index);
        byte[] body = Payloads.newBody(workload.messageBytes(), 31L * index + 7);
        int bytes = body.length;
        try {
            while (!stopping && takeTicket()) {
                long intended = schedule.awaitNext();
                while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (stopping) {
                        return;
                    }
                }
                if (schedule.isUnbounded()) {
                    intended = clock.nanoTime();
                }
                Payloads.stamp(body, intended);
                long sendStart = clock.nanoTime();
                producer.send(body, new SendCallback() {
                    @Override
                    public void onComplete() {
                        stats.onSent(bytes, clock.nanoTime() - sendStart);
                        permits.release();
                    }

                    @Override
                    public void onFailure(Throwable cause) {
                        stats.onSendFailed(cause);
                        permits.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stats.onSendFailed(e);
        } finally {
            flush(producer);
        }
    }

    private void flush(BenchProducer producer) {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            stats.onSendFailed(e);
        }
    }

    private boolean takeTicket() {
        return budget.get() == UNLIMITED || budget.getAndDecrement() > 0;
    }

    /** True while any producer thread of the current phase still runs. */
    boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /**
     * Waits for the current phase to end (limited phase) or ends it (after {@link #stop()}), then
     * for every outstanding send to be acknowledged or failed.
     *
     * @return false when {@code timeout} passed first
     */
    boolean awaitPhase(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                return false;
            }
        }
        synchronized (this) {
            threads.clear();
        }
        int permits = permits(workload);
        for (Semaphore s : outstanding) {
            long left = deadline - System.nanoTime();
            if (!s.tryAcquire(permits, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return false;
            }
            s.release(permits);
        }
        return true;
    }

    /** Asks every producer thread to stop after its current send. */
    void stop() {
        stopping = true;
    }

    @Override
    public void close() throws Exception {
        stop();
        for (Thread t : threads) {
            t.interrupt();
        }
        Exception first = null;
        for (BenchProducer p : producers) {
            try {
                p.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
