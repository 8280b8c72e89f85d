package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 8: receiving messages (8.5 synchronously, 8.7 asynchronously, 8.8 closing a consumer). */
@DisplayName("8 Receiving messages")
class ReceivingIT extends TckTestBase {

    @Test
    @DisplayName("8.5 receive(timeout) returns null when nothing arrives in time; receiveNoWait returns null at once")
    void receiveTimesOut() throws Exception {
        MessageConsumer c = startedConnection().createSession().createConsumer(queue("empty"));
        long start = System.nanoTime();
        assertThat(c.receive(300)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
        assertThat(c.receiveNoWait()).isNull();
    }

    @Test
    @DisplayName("8.4 a topic subscription exists from the consumer's creation, not from start()")
    void subscriptionExistsBeforeStart() throws Exception {
        jakarta.jms.Topic t = topic("before-start");
        Connection c = connection();
        MessageConsumer consumer = c.createSession().createConsumer(t);
        sendTexts(t, "published while stopped");
        c.start();
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("published while stopped");
    }

    @Test
    @DisplayName("8.5 receive() without timeout waits for a message sent later")
    void receiveWaits() throws Exception {
        Queue q = queue("wait");
        MessageConsumer c = startedConnection().createSession().createConsumer(q);
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(200);
                sendTexts(q, "late");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        sender.start();
        assertThat(text(c.receive())).isEqualTo("late");
        sender.join();
    }

    @Test
    @DisplayName("8.7 a MessageListener receives every message in order")
    void listenerReceivesInOrder() throws Exception {
        Queue q = queue("listener");
        Connection c = startedConnection();
        List<String> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(20);
        MessageConsumer consumer = c.createSession().createConsumer(q);
        consumer.setMessageListener(m -> {
            try {
                got.add(text(m));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            done.countDown();
        });
        assertThat(consumer.getMessageListener()).isNotNull();
        sendTexts(q, numbered("m", 20));
        assertThat(done.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(got).containsExactly(numbered("m", 20));
    }

    @Test
    @DisplayName("8.7 setMessageListener(null) stops asynchronous delivery to the consumer")
    void removeListener() throws Exception {
        Queue q = queue("listener-removed");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(q);
        CountDownLatch first = new CountDownLatch(1);
        List<String> got = new CopyOnWriteArrayList<>();
        consumer.setMessageListener(m -> {
            try {
                got.add(text(m));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            first.countDown();
        });
        sendTexts(q, "to listener");
        assertThat(first.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        c.stop();
        consumer.setMessageListener(null);
        c.start();
        sendTexts(q, "to receive");
        assertThat(text(consumer.receive(RECEIVE_MS))).isEqualTo("to receive");
        assertThat(got).containsExactly("to listener");
    }

    @Test
    @DisplayName("8.8 closing a consumer makes a receive blocked in another thread return null")
    void closeReleasesReceive() throws Exception {
        MessageConsumer c = startedConnection().createSession().createConsumer(queue("close-consumer"));
        AtomicReference<Object> result = new AtomicReference<>("not returned");
        Thread t = new Thread(() -> {
            try {
                result.set(c.receive());
            } catch (Exception e) {
                result.set(e);
            }
        });
        t.start();
        Thread.sleep(ABSENT_MS);
        c.close();
        t.join(RECEIVE_MS);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get()).isNull();
    }

    @Test
    @DisplayName("8.8 messages a closed consumer had not delivered go to other consumers")
    void closeReleasesPrefetched() throws Exception {
        Queue q = queue("close-release");
        sendTexts(q, numbered("m", 10));
        Session s = startedConnection().createSession();
        MessageConsumer first = s.createConsumer(q);
        assertThat(text(first.receive(RECEIVE_MS))).isEqualTo("m-0");
        first.close();
        MessageConsumer second = startedConnection().createSession().createConsumer(q);
        assertThat(texts(receive(second, 9)))
                .containsExactlyInAnyOrder(java.util.Arrays.copyOfRange(numbered("m", 10), 1, 10));
    }

    @Test
    @DisplayName("8.8 a MessageListener may close its own consumer")
    void listenerClosesOwnConsumer() throws Exception {
        Queue q = queue("listener-closes-consumer");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(q);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Message> got = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        consumer.setMessageListener(m -> {
            got.add(m);
            try {
                consumer.close();
            } catch (Throwable t) {
                failure.set(t);
            }
            closed.countDown();
        });
        sendTexts(q, "a", "b");
        assertThat(closed.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        Thread.sleep(ABSENT_MS);
        assertThat(got).hasSize(1);
        assertThat(texts(drain(s.createConsumer(q)))).containsExactly("b");
    }
}
