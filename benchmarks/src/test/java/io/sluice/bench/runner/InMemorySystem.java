package io.sluice.bench.runner;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.BrokerProbe;
import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.driver.SendCallback;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker stand-in for runner tests: sends are acknowledged on a callback thread and delivered to
 * every subscription; messages sent before the consumers start wait in a backlog. The probe reports
 * a heap that grows by 100 bytes per queued message.
 *
 * <p>Thread-safe.
 */
final class InMemorySystem implements SystemUnderTest {
    final AtomicLong queued = new AtomicLong();
    final AtomicLong cpuNanos = new AtomicLong();
    volatile boolean failSends;
    private final BlockingQueue<byte[]> backlog = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    @Override
    public String description() {
        return "in-memory";
    }

    @Override
    public String durability() {
        return "none";
    }

    @Override
    public Optional<BrokerProbe> probe() {
        return Optional.of(new BrokerProbe() {
            @Override
            public long cpuTimeNanos() {
                return cpuNanos.addAndGet(1_000_000);
            }

            @Override
            public long liveHeapAfterGcBytes() {
                return 1_000_000 + 100 * queued.get();
            }

            @Override
            public void close() {}
        });
    }

    @Override
    public WorkloadClients openClients(Workload w) {
        return new WorkloadClients() {
            @Override
            public void startConsumers(MessageSink sink) {
                if (w.consumers() == 0) {
                    return;
                }
                Thread t = new Thread(() -> {
                    try {
                        while (true) {
                            byte[] m = backlog.poll(10, TimeUnit.MILLISECONDS);
                            if (m != null) {
                                queued.decrementAndGet();
                                for (int i = 0; i < w.deliveriesPerMessage(); i++) {
                                    sink.onMessage(m);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }

            @Override
            public BenchProducer createProducer(int index) {
                return new BenchProducer() {
                    @Override
                    public void send(byte[] body, SendCallback callback) {
                        if (failSends) {
                            callback.onFailure(new IllegalStateException("broker refused"));
                            return;
                        }
                        backlog.add(body.clone());
                        queued.incrementAndGet();
                        callback.onComplete();
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {
                threads.forEach(Thread::interrupt);
            }
        };
    }

    @Override
    public void close() {}
}
