package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumers: the receive variants, listeners, prefetch, expiry on the client, pub/sub. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerIT extends JmsTestBase {

    @Test
    void receiveWaitsReceiveWithTimeoutGivesUpAndReceiveNoWaitDrains() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("receive"));
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        long t0 = System.nanoTime();
        assertThat(consumer.receive(300)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(290);
        assertThat(consumer.receiveNoWait()).isNull();

        Connection other = connection();
        send(other.createSession(), q, "now");
        assertThat(((TextMessage) consumer.receiveNoWait()).getText()).isEqualTo("now");
        assertThat(consumer.receiveNoWait()).isNull();

        CompletableFuture<Message> blocking = CompletableFuture.supplyAsync(() -> {
            try {
                return consumer.receive();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        assertThat(blocking).isNotDone();
        send(other.createSession(), q, "later");
        assertThat(((TextMessage) blocking.get(5, TimeUnit.SECONDS)).getText()).isEqualTo("later");
    }

    @Test
    void closingAConsumerFromAnotherThreadMakesABlockedReceiveReturnNull() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(s.createQueue(name("close-receive")));
        c.start();
        CompletableFuture<Message> blocking = CompletableFuture.supplyAsync(() -> {
            try {
                return consumer.receive();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        consumer.close();
        assertThat(blocking.get(5, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(consumer::receive).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(consumer::getMessageSelector).isInstanceOf(IllegalStateException.class);
        consumer.close();
    }

    @Test
    void listenersRunOnTheSessionThreadAndForbidSynchronousReceive() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("listener"));
        MessageConsumer consumer = s.createConsumer(q);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch got = new CountDownLatch(20);
        consumer.setMessageListener(m -> {
            threads.add(Thread.currentThread().getName());
            got.countDown();
        });
        assertThat(consumer.getMessageListener()).isNotNull();
        assertThatThrownBy(() -> consumer.receive(10)).isInstanceOf(IllegalStateException.class);
        c.start();
        String[] texts = new String[20];
        java.util.Arrays.fill(texts, "x");
        send(connection().createSession(), q, texts);
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).hasSize(20).allMatch(t -> t.startsWith("sluice-session-"));
    }

    @Test
    void aMessageListenerMayCloseItsConsumerButNotItsSession() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("listener-close"));
        MessageConsumer consumer = s.createConsumer(q);
        CompletableFuture<String> sessionClose = new CompletableFuture<>();
        CompletableFuture<String> consumerClose = new CompletableFuture<>();
        consumer.setMessageListener(m -> {
            // Jakarta Messaging, Session.close: the provider must detect this and throw IllegalStateException
            sessionClose.complete(outcome(s::close));
            consumerClose.complete(outcome(consumer::close));
        });
        c.start();
        send(c.createSession(), q, "close from the listener");
        assertThat(sessionClose.get(10, TimeUnit.SECONDS)).isEqualTo("IllegalStateException");
        assertThat(consumerClose.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        s.close();
        assertThatThrownBy(s::recover).isInstanceOf(IllegalStateException.class);
    }

    private interface JmsAction {
        void run() throws JMSException;
    }

    private static String outcome(JmsAction action) {
        try {
            action.run();
            return "closed";
        } catch (JMSException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void creditIsReplenishedAsTheApplicationConsumes() throws JMSException {
        Connection c = connection("prefetch=10");
        Session s = c.createSession();
        Queue q = s.createQueue(name("credit"));
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < 500; i++) {
            p.send(s.createTextMessage(Integer.toString(i)));
        }
        send(s, q, "end");
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        List<String> got = texts(drain(consumer, 1000));
        assertThat(got).hasSize(501).startsWith("0", "1", "2").endsWith("499", "end");
    }

    @Test
    void aConsumerOfAConnectionNeverStartedTakesNoMessagesFromARunningConsumer() throws Exception {
        Connection idle = connection();
        Session idleSession = idle.createSession();
        Queue q = idleSession.createQueue(name("idle-competitor"));
        MessageConsumer neverStarted = idleSession.createConsumer(q);
        Connection c = connection();
        c.start();
        Session s = c.createSession();
        MessageConsumer running = s.createConsumer(q);
        send(s, q, "1", "2", "3", "4");
        assertThat(texts(drain(running, 2000))).containsExactly("1", "2", "3", "4");

        running.close();
        send(s, q, "5");
        idle.start();
        Message late = neverStarted.receive(5000);
        assertThat(((TextMessage) late).getText()).isEqualTo("5");
    }

    @Test
    void aConsumerCreatedAfterStopGetsCreditWhenTheConnectionStartsAgain() throws Exception {
        Connection c = connection();
        c.start();
        c.stop();
        Session s = c.createSession();
        Queue q = s.createQueue(name("stopped-competitor"));
        MessageConsumer whileStopped = s.createConsumer(q);
        Connection other = connection();
        other.start();
        MessageConsumer running = other.createSession().createConsumer(q);
        send(s, q, "a", "b");
        assertThat(texts(drain(running, 2000))).containsExactly("a", "b");
        running.close();
        send(s, q, "c");
        c.start();
        assertThat(((TextMessage) whileStopped.receive(5000)).getText()).isEqualTo("c");
    }

    @Test
    void withPrefetchZeroEachReceiveTakesOneMessageAndATimedOutReceiveLeavesNothingBehind() throws Exception {
        Connection c1 = connection("prefetch=0");
        Connection c2 = connection("prefetch=0");
        Session s1 = c1.createSession();
        Session s2 = c2.createSession();
        Queue q = s1.createQueue(name("prefetch0"));
        MessageConsumer first = s1.createConsumer(q);
        MessageConsumer second = s2.createConsumer(q);
        c1.start();
        c2.start();
        assertThat(first.receive(200)).isNull();
        send(s1, q, "1", "2", "3", "4");
        assertThat(((TextMessage) first.receive(5000)).getText()).isEqualTo("1");
        assertThat(((TextMessage) second.receive(5000)).getText()).isEqualTo("2");
        assertThat(((TextMessage) second.receiveNoWait()).getText()).isEqualTo("3");
        assertThat(((TextMessage) first.receive(5000)).getText()).isEqualTo("4");
        assertThat(first.receiveNoWait()).isNull();
        assertThat(second.receive(100)).isNull();
        send(s1, q, "5");
        assertThat(((TextMessage) second.receive(5000)).getText()).isEqualTo("5");

        CountDownLatch listened = new CountDownLatch(3);
        first.setMessageListener(m -> listened.countDown());
        send(s1, q, "6", "7", "8");
        assertThat(listened.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withPrefetchZeroAReceiveWaitingOnAStoppedConnectionGetsCreditWhenItStarts() throws Exception {
        Connection c = connection("prefetch=0");
        Session s = c.createSession();
        Queue q = s.createQueue(name("prefetch0-start"));
        MessageConsumer consumer = s.createConsumer(q);
        CompletableFuture<Message> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return consumer.receive();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        send(s, q, "after start");
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        c.start();
        assertThat(((TextMessage) waiting.get(5, TimeUnit.SECONDS)).getText()).isEqualTo("after start");
    }

    @Test
    void aMessageThatExpiresWhilePrefetchedIsSkippedAndAcknowledged() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("client-expiry"));
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer p = s.createProducer(q);
        p.setTimeToLive(300);
        p.send(s.createTextMessage("short-lived"));
        p.setTimeToLive(0);
        p.send(s.createTextMessage("lasting"));
        Thread.sleep(600);
        c.start();
        assertThat(texts(drain(consumer, 300))).containsExactly("lasting");
        c.close();
        Connection again = connection();
        MessageConsumer later = again.createSession().createConsumer(q);
        again.start();
        assertThat(later.receive(300)).isNull();
    }

    @Test
    void threeTopicSubscribersEachReceiveEveryMessageInOrder() throws Exception {
        Connection publisher = connection();
        Session ps = publisher.createSession();
        Topic t = ps.createTopic(name("pubsub"));
        int n = 2000;
        List<List<String>> received = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            Connection c = connection();
            Session s = c.createSession();
            List<String> mine = Collections.synchronizedList(new ArrayList<>());
            received.add(mine);
            s.createConsumer(t).setMessageListener(m -> {
                mine.add(ConnectionIT.text(m));
                if (mine.size() == n) {
                    done.countDown();
                }
            });
            c.start();
        }
        MessageProducer p = ps.createProducer(t);
        p.setDeliveryMode(jakarta.jms.DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < n; i++) {
            p.send(ps.createTextMessage(Integer.toString(i)));
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(Integer.toString(i));
        }
        for (List<String> mine : received) {
            assertThat(mine).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aTopicSubscriberSeesOnlyWhatIsPublishedAfterItsCreationAndNoLocalSkipsItsOwn() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Topic t = s.createTopic(name("topic"));
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("before"));
        MessageConsumer all = s.createConsumer(t);
        MessageConsumer remoteOnly = s.createConsumer(t, null, true);
        p.send(s.createTextMessage("own"));
        Connection other = connection();
        Session os = other.createSession();
        os.createProducer(t).send(os.createTextMessage("remote"));
        c.start();
        assertThat(texts(drain(all, 300))).containsExactly("own", "remote");
        assertThat(texts(drain(remoteOnly, 300))).containsExactly("remote");
        assertThat(((jakarta.jms.TopicSubscriber) remoteOnly).getNoLocal()).isTrue();
        assertThat(((jakarta.jms.TopicSubscriber) remoteOnly).getTopic()).isEqualTo(t);
    }
}
