package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Producers: headers, per-send settings, anonymous producers, async sends, ordering, foreign messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProducerIT extends JmsTestBase {

    @Test
    void sendSetsTheHeadersOnTheMessageAndTheyArriveIntact() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("headers"));
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        p.setPriority(7);
        p.setTimeToLive(60_000);
        TextMessage sent = s.createTextMessage("h");
        sent.setJMSCorrelationID("corr");
        sent.setJMSType("kind");
        sent.setStringProperty("colour", "blue");
        long before = System.currentTimeMillis();
        p.send(sent);
        long after = System.currentTimeMillis();
        assertThat(sent.getJMSMessageID()).startsWith("ID:");
        assertThat(sent.getJMSTimestamp()).isBetween(before, after);
        assertThat(sent.getJMSExpiration()).isEqualTo(sent.getJMSTimestamp() + 60_000);
        assertThat(sent.getJMSDeliveryTime()).isEqualTo(sent.getJMSTimestamp());
        assertThat(sent.getJMSDestination()).isEqualTo(q);
        assertThat(sent.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(sent.getJMSPriority()).isEqualTo(7);

        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message got = consumer.receive(5000);
        assertThat(got.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
        assertThat(got.getJMSTimestamp()).isEqualTo(sent.getJMSTimestamp());
        assertThat(got.getJMSExpiration()).isEqualTo(sent.getJMSExpiration());
        assertThat(got.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(got.getJMSPriority()).isEqualTo(7);
        assertThat(got.getJMSDestination()).isEqualTo(q);
        assertThat(got.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(got.getJMSType()).isEqualTo("kind");
        assertThat(got.getStringProperty("colour")).isEqualTo("blue");
        assertThat(got.getJMSRedelivered()).isFalse();
        assertThat(got.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void perSendSettingsOverrideTheProducersAndSwitchesDisableIdAndTimestamp() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("per-send"));
        MessageProducer p = s.createProducer(q);
        assertThat(p.getDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(p.getPriority()).isEqualTo(4);
        p.send(s.createTextMessage("a"), DeliveryMode.NON_PERSISTENT, 6, 0);
        p.setDisableMessageID(true);
        p.setDisableMessageTimestamp(true);
        TextMessage b = s.createTextMessage("b");
        p.send(b);
        assertThat(b.getJMSMessageID()).isNull();
        assertThat(b.getJMSTimestamp()).isZero();
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message a = consumer.receive(5000);
        assertThat(a.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(a.getJMSPriority()).isEqualTo(6);
        assertThat(a.getJMSExpiration()).isZero();
        Message gotB = consumer.receive(5000);
        assertThat(gotB.getJMSMessageID()).isNull();
        assertThat(gotB.getJMSTimestamp()).isZero();
        assertThat(gotB.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }

    @Test
    void anonymousProducersNeedADestinationPerSendAndOthersRefuseOne() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q1 = s.createQueue(name("anon-1"));
        Queue q2 = s.createQueue(name("anon-2"));
        MessageProducer anonymous = s.createProducer(null);
        assertThat(anonymous.getDestination()).isNull();
        anonymous.send(q1, s.createTextMessage("to 1"));
        anonymous.send(q2, s.createTextMessage("to 2"), DeliveryMode.PERSISTENT, 4, 0);
        assertThatThrownBy(() -> anonymous.send(s.createTextMessage("x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> anonymous.send(null, s.createTextMessage("x")))
                .isInstanceOf(InvalidDestinationException.class);
        MessageProducer fixed = s.createProducer(q1);
        assertThatThrownBy(() -> fixed.send(q2, s.createTextMessage("x")))
                .isInstanceOf(UnsupportedOperationException.class);
        c.start();
        assertThat(texts(drain(s.createConsumer(q1), 300))).containsExactly("to 1");
        assertThat(texts(drain(s.createConsumer(q2), 300))).containsExactly("to 2");
    }

    @Test
    void asyncSendsCompleteInOrderOnTheSessionThreadWhichMayNotCloseItsOwnButMayStopTheConnection() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("async"));
        MessageProducer p = s.createProducer(q);
        int n = 300;
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> stopFromCallback = new CompletableFuture<>();
        CountDownLatch all = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            boolean first = i == 0;
            p.send(s.createTextMessage(Integer.toString(i)), new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                    completed.add(ConnectionIT.text(m));
                    threads.add(Thread.currentThread().getName());
                    if (first) {
                        refusals.add(refusal(s::close));
                        refusals.add(refusal(p::close));
                        refusals.add(refusal(c::close));
                        stopFromCallback.complete(refusal(c::stop));
                    }
                    all.countDown();
                }

                @Override
                public void onException(Message m, Exception e) {
                    completed.add("failed: " + e);
                    all.countDown();
                }
            });
        }
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(completed).containsExactlyElementsOf(expected);
        assertThat(threads).allMatch(t -> t.startsWith("sluice-session-"));
        assertThat(refusals).containsOnly("IllegalStateException");
        // Jakarta Messaging 7.3.8 forbids close, commit and rollback there, not stop
        assertThat(stopFromCallback.get(5, TimeUnit.SECONDS)).isEqualTo("allowed");
        assertThatThrownBy(() -> p.send(s.createMessage(), (CompletionListener) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String refusal(ThrowingRunnable r) {
        try {
            r.run();
            return "allowed";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void sessionCloseWaitsForIncompleteAsyncSends() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("async-close"));
        MessageProducer p = s.createProducer(q);
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 500; i++) {
            p.send(s.createTextMessage("m"), new CompletionListener() {
                @Override
                public void onCompletion(Message m) {
                    completed.add("ok");
                }

                @Override
                public void onException(Message m, Exception e) {
                    completed.add("failed");
                }
            });
        }
        s.close();
        assertThat(completed).hasSize(500).containsOnly("ok");
    }

    @Test
    void anAsyncSendThatFailsReachesOnException() throws Exception {
        Connection owner = connection();
        Session os = owner.createSession();
        TemporaryQueue temp = os.createTemporaryQueue();
        Connection c = connection();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(temp);
        p.send(s.createTextMessage("first"));
        temp.delete();
        // The same name as a peer learns it (JMSReplyTo): no deletion flag, so the broker decides.
        TemporaryQueue known = new io.sluice.jms.destination.SluiceTemporaryQueue(temp.getQueueName(), null);
        MessageProducer anonymous = s.createProducer(null);
        CompletableFuture<Exception> failure = new CompletableFuture<>();
        anonymous.send(known, s.createTextMessage("second"), new CompletionListener() {
            @Override
            public void onCompletion(Message m) {
                failure.complete(null);
            }

            @Override
            public void onException(Message m, Exception e) {
                failure.complete(e);
            }
        });
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> anonymous.send(known, s.createTextMessage("third")))
                .isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> p.send(s.createTextMessage("fourth")))
                .isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("deleted");
    }

    @Test
    void aMessageOfAnotherProviderIsSentAndGetsTheSendHeaders() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("foreign"));
        Map<String, Object> headers = new HashMap<>();
        TextMessage foreign = ForeignMessages.text("from elsewhere", headers);
        s.createProducer(q).send(foreign);
        assertThat((String) headers.get("JMSMessageID")).startsWith("ID:");
        assertThat(headers.get("JMSDestination")).isEqualTo(q);
        c.start();
        TextMessage got = (TextMessage) s.createConsumer(q).receive(5000);
        assertThat(got.getText()).isEqualTo("from elsewhere");
        assertThat(got.getJMSMessageID()).isEqualTo(headers.get("JMSMessageID"));
    }

    @Test
    void eachSessionKeepsItsSendOrderOnAPartitionedQueue() throws JMSException {
        String name = name("partitioned");
        broker.createDestination(name, "queue", 4, Map.of());
        Connection c = connection();
        Session s1 = c.createSession();
        Session s2 = c.createSession();
        Queue q = s1.createQueue(name);
        MessageProducer a = s1.createProducer(q);
        MessageProducer b = s1.createProducer(q);
        MessageProducer other = s2.createProducer(q);
        for (int i = 0; i < 100; i++) {
            (i % 2 == 0 ? a : b).send(s1.createTextMessage("s1-" + i));
            other.send(s2.createTextMessage("s2-" + i));
            TextMessage grouped = s2.createTextMessage("g-" + i);
            grouped.setStringProperty("JMSXGroupID", "group-" + (i % 3));
            other.send(grouped);
        }
        c.start();
        List<String> got = texts(drain(s1.createConsumer(q), 500));
        assertThat(got).hasSize(300);
        assertInOrder(got, "s1-");
        assertInOrder(got, "s2-");
        for (int g = 0; g < 3; g++) {
            int group = g;
            List<Integer> seq = got.stream()
                    .filter(t -> t.startsWith("g-"))
                    .map(t -> Integer.parseInt(t.substring(2)))
                    .filter(i -> i % 3 == group)
                    .toList();
            assertThat(seq).isSorted().hasSizeGreaterThan(30);
        }
    }

    private static void assertInOrder(List<String> got, String prefix) {
        List<Integer> seq = got.stream()
                .filter(t -> t.startsWith(prefix))
                .map(t -> Integer.parseInt(t.substring(prefix.length())))
                .toList();
        assertThat(seq).hasSize(100).isSorted();
    }

    @Test
    void badArgumentsAndClosedProducersAreRefused() throws JMSException {
        Connection c = connection();
        Session s = c.createSession();
        Queue q = s.createQueue(name("bad"));
        MessageProducer p = s.createProducer(q);
        assertThatThrownBy(() -> p.setPriority(10))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("0-9");
        assertThatThrownBy(() -> p.setDeliveryMode(0)).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> p.send(s.createMessage(), DeliveryMode.PERSISTENT, -1, 0))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> p.send(null)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> p.setDeliveryDelay(-5)).isInstanceOf(JMSException.class);
        p.close();
        p.close();
        assertThatThrownBy(() -> p.send(s.createMessage())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::getDeliveryMode).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::getDestination).isInstanceOf(IllegalStateException.class);

        s.createConsumer(s.createTopic(name("typed-as-topic") + "x"));
        String topicName = name("typed");
        s.createConsumer(s.createTopic(topicName)).close();
        assertThatThrownBy(() -> s.createProducer(s.createQueue(topicName)))
                .isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining(topicName);
        assertThatThrownBy(() -> s.createProducer(s.createQueue("bad name with spaces")))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void aBrokerThatRefusesToCreateDestinationsGivesInvalidDestination() throws Exception {
        try (EmbeddedBroker strict =
                EmbeddedBroker.start(dir.resolve("strict"), b -> b.autoCreateDestinations(false))) {
            Connection c = strict.track(strict.factory().createConnection());
            Session s = c.createSession();
            assertThatThrownBy(() -> s.createProducer(s.createQueue("missing")))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> s.createProducer(null).send(s.createQueue("missing"), s.createMessage()))
                    .isInstanceOf(InvalidDestinationException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("missing")))
                    .isInstanceOf(InvalidDestinationException.class);
            strict.createDestination("present", "queue", 1, Map.of());
            s.createProducer(s.createQueue("present")).send(s.createTextMessage("ok"));
        }
    }
}
