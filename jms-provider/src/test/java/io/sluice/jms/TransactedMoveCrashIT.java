package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transacted consume-and-produce loop moves N messages from queue A to queue B while the broker
 * (a child JVM) is killed with SIGKILL again and again, each time while the loop is committing. The
 * application reconnects by itself with a new connection after every failure. At the end B holds
 * exactly one result per input - none lost, none duplicated - and A is empty.
 *
 * <p>Kills: {@code sluice.jms.txn.crash.cycles} (20 by default, more with {@code -Psoak}).
 */
@Timeout(value = 1800, unit = TimeUnit.SECONDS)
class TransactedMoveCrashIT {
    private static final int MESSAGES_PER_CYCLE = 60;
    private static final int PER_TRANSACTION = 5;

    @TempDir
    Path dir;

    private final AtomicReference<String> url = new AtomicReference<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong moved = new AtomicLong();
    private volatile boolean stop;
    /** When the mover last committed a transaction that moved something. */
    private volatile long lastMoveNanos = System.nanoTime();

    @Test
    void everyInputArrivesExactlyOnceAcrossKills() throws Exception {
        int cycles = Integer.getInteger("sluice.jms.txn.crash.cycles", 20);
        int total = cycles * MESSAGES_PER_CYCLE;
        String[] settings = {"threads.io=1", "topic.default.max.deliveries=0"};
        ChildBrokerProcess broker = ChildBrokerProcess.start(dir, settings);
        url.set(broker.url(null));
        Queue a = new io.sluice.jms.destination.SluiceQueue("crash-a");
        Queue b = new io.sluice.jms.destination.SluiceQueue("crash-b");
        fill(a, total);

        Thread mover = new Thread(() -> moveUntilStopped(a, b), "transacted-mover");
        mover.start();
        try {
            for (int cycle = 0; cycle < cycles; cycle++) {
                awaitCommitsSince(commits.get(), 1 + ThreadLocalRandom.current().nextInt(3));
                Thread.sleep(ThreadLocalRandom.current().nextInt(20));
                broker.kill();
                broker = ChildBrokerProcess.start(dir, settings);
                url.set(broker.url(null));
            }
            awaitCommitsSince(commits.get(), 1);
            // Commits with an unknown outcome are not counted, so "done" is: A yields nothing for a while.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (moved.get() < total
                    && System.nanoTime() - lastMoveNanos < TimeUnit.SECONDS.toNanos(4)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop = true;
            mover.join(30_000);

            Map<String, Integer> results = drain(b);
            Map<String, Integer> duplicates = new HashMap<>();
            results.forEach((text, n) -> {
                if (n > 1) {
                    duplicates.put(text, n);
                }
            });
            assertThat(duplicates).as("results that arrived more than once").isEmpty();
            for (int i = 0; i < total; i++) {
                assertThat(results).as("the result of input " + i).containsKey("out-" + i);
            }
            assertThat(results).hasSize(total);
            assertThat(drain(a)).as("inputs left in A").isEmpty();
        } finally {
            stop = true;
            mover.join(30_000);
            broker.close();
        }
    }

    private void fill(Queue a, int total) throws JMSException {
        try (Connection c = new SluiceConnectionFactory(url.get()).createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(a);
            for (int i = 0; i < total; i++) {
                p.send(s.createTextMessage("in-" + i));
            }
        }
    }

    /** The application: moves A to B in transactions, reconnecting after any failure. */
    private void moveUntilStopped(Queue a, Queue b) {
        while (!stop) {
            Connection c = null;
            try {
                c = new SluiceConnectionFactory(
                                url.get() + "?connectTimeoutMs=2000&requestTimeoutMs=5000" + "&sendTimeoutMs=5000")
                        .createConnection();
                Session s = c.createSession(Session.SESSION_TRANSACTED);
                MessageConsumer consumer = s.createConsumer(a);
                MessageProducer producer = s.createProducer(b);
                c.start();
                while (!stop) {
                    int n = 0;
                    for (; n < PER_TRANSACTION; n++) {
                        Message m = consumer.receive(n == 0 ? 500 : 50);
                        if (m == null) {
                            break;
                        }
                        String text = ((TextMessage) m).getText();
                        producer.send(s.createTextMessage("out-" + text.substring("in-".length())));
                    }
                    s.commit();
                    if (n > 0) {
                        commits.incrementAndGet();
                        moved.addAndGet(n);
                        lastMoveNanos = System.nanoTime();
                    }
                }
            } catch (JMSException | RuntimeException e) {
                // Broker killed: reconnect (to the broker's new address once it is back).
            } finally {
                closeQuietly(c);
            }
            if (!stop) {
                sleep(100);
            }
        }
    }

    /**
     * Waits until {@code more} transactions committed after {@code since}, so the next kill hits a
     * loop that is moving messages.
     */
    private void awaitCommitsSince(long since, int more) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (commits.get() < since + more) {
            assertThat(System.nanoTime())
                    .as("the mover commits again after a restart")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Every text left in {@code q}, with how often it was there. */
    private Map<String, Integer> drain(Queue q) throws JMSException {
        Map<String, Integer> texts = new HashMap<>();
        try (Connection c = new SluiceConnectionFactory(url.get()).createConnection()) {
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            // The first message may take a while on a loaded machine; then until 2 s pass without one.
            Message m = consumer.receive(10_000);
            while (m != null) {
                texts.merge(((TextMessage) m).getText(), 1, Integer::sum);
                m = consumer.receive(2000);
            }
        }
        return texts;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // Already broken.
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
