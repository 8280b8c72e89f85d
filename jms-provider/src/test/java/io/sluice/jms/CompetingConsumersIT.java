package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four consumers compete for 100,000 messages on a one-partition queue. Three are connected
 * directly; the fourth goes through a TCP proxy, acknowledges in CLIENT mode every 100 messages and
 * has its connection cut abruptly mid-stream. Every message must be consumed; a message is seen
 * twice only if the cut consumer had it without acknowledging it, and then the second delivery is
 * flagged as redelivered.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CompetingConsumersIT extends JmsTestBase {
    private static final int MESSAGES = 100_000;
    private static final int CUT_AFTER = 1_050;

    /** What the survivors saw: per message, deliveries without and with the redelivered flag. */
    private final AtomicIntegerArray fresh = new AtomicIntegerArray(MESSAGES);

    private final AtomicIntegerArray redelivered = new AtomicIntegerArray(MESSAGES);
    private final AtomicInteger consumed = new AtomicInteger();
    /** What the survivors had consumed when the fourth consumer's connection was cut. */
    private volatile int consumedAtCut = -1;

    /**
     * Paranoid leak detection records a stack trace at every buffer access, which makes 100,000
     * messages take half a minute; sampled detection still reports leaks, at a hundredth the cost.
     */
    @BeforeAll
    void sampleLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void eachMessageIsConsumedOnceAndACutConsumersUnacknowledgedOnesComeBackRedelivered() throws Exception {
        String name = name("competing");
        broker.createDestination(name, "queue", 1, Map.of());
        Queue queue = new io.sluice.jms.destination.SluiceQueue(name);
        List<AtomicInteger> perSurvivor = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Connection c = connection();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            AtomicInteger mine = new AtomicInteger();
            perSurvivor.add(mine);
            s.createConsumer(queue).setMessageListener(m -> {
                int n = index(m);
                try {
                    (m.getJMSRedelivered() ? redelivered : fresh).incrementAndGet(n);
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                mine.incrementAndGet();
                consumed.incrementAndGet();
            });
            c.start();
        }

        BitSet cutReceived = new BitSet(MESSAGES);
        BitSet cutAcknowledged = new BitSet(MESSAGES);
        CountDownLatch cut = new CountDownLatch(1);
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Connection viaProxy =
                    broker.track(new SluiceConnectionFactory(proxy.url("reconnectMaxAttempts=0")).createConnection());
            Session cs = viaProxy.createSession(Session.CLIENT_ACKNOWLEDGE);
            cs.createConsumer(queue).setMessageListener(m -> {
                if (cut.getCount() == 0) {
                    return;
                }
                int n = index(m);
                synchronized (cutReceived) {
                    cutReceived.set(n);
                }
                int seen = cutReceived.cardinality();
                try {
                    if (seen % 100 == 0 && seen < CUT_AFTER) {
                        m.acknowledge();
                        synchronized (cutReceived) {
                            cutAcknowledged.or(cutReceived);
                        }
                    }
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                if (seen == CUT_AFTER) {
                    consumedAtCut = consumed.get();
                    proxy.cutAll();
                    cut.countDown();
                }
            });
            viaProxy.start();

            produce(queue);
            assertThat(cut.await(60, TimeUnit.SECONDS))
                    .as("the fourth consumer got its share")
                    .isTrue();
            awaitAllConsumed(cutAcknowledged);
        }

        assertThat(consumedAtCut).as("the cut came mid-stream").isBetween(1, MESSAGES / 2);
        BitSet unacknowledged = (BitSet) cutReceived.clone();
        unacknowledged.andNot(cutAcknowledged);
        assertThat(cutAcknowledged.cardinality()).isEqualTo((CUT_AFTER / 100) * 100);
        assertThat(unacknowledged.cardinality()).isEqualTo(CUT_AFTER % 100);
        for (int n = 0; n < MESSAGES; n++) {
            int f = fresh.get(n);
            int r = redelivered.get(n);
            if (cutAcknowledged.get(n)) {
                assertThat(f + r)
                        .as("message %d was acknowledged by the cut consumer", n)
                        .isZero();
            } else if (cutReceived.get(n)) {
                assertThat(f)
                        .as("message %d, unacknowledged by the cut consumer", n)
                        .isZero();
                assertThat(r)
                        .as("message %d, unacknowledged by the cut consumer", n)
                        .isEqualTo(1);
            } else {
                assertThat(f + r).as("message %d is consumed exactly once", n).isEqualTo(1);
            }
        }
        for (AtomicInteger mine : perSurvivor) {
            assertThat(mine.get()).as("every consumer gets work").isGreaterThan(MESSAGES / 20);
        }
    }

    private static int index(Message m) {
        try {
            return Integer.parseInt(((TextMessage) m).getText());
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    private void produce(Queue queue) throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(queue);
        Semaphore window = new Semaphore(5_000);
        AtomicInteger failures = new AtomicInteger();
        CompletionListener done = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                window.release();
            }

            @Override
            public void onException(Message message, Exception exception) {
                failures.incrementAndGet();
                window.release();
            }
        };
        for (int i = 0; i < MESSAGES; i++) {
            window.acquire();
            p.send(s.createTextMessage(Integer.toString(i)), done);
        }
        window.acquire(5_000);
        assertThat(failures.get()).isZero();
    }

    /** Waits until the survivors consumed everything the cut consumer did not acknowledge. */
    private void awaitAllConsumed(BitSet cutAcknowledged) throws InterruptedException {
        int expected = MESSAGES - cutAcknowledged.cardinality();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (consumed.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(consumed.get()).isEqualTo(expected);
    }
}
