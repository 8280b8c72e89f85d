package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 4 (messaging domains), 2.9 (legacy domain-specific API) and 9.2 (method inheritance). */
@DisplayName("4 Messaging domains")
class MessagingDomainsIT extends TckTestBase {

    @Test
    @DisplayName("4.1.2 each message on a queue goes to exactly one of its consumers")
    void queueDeliversOnce() throws Exception {
        Queue q = queue("competing");
        Session s1 = startedConnection().createSession();
        Session s2 = startedConnection().createSession();
        MessageConsumer one = s1.createConsumer(q);
        MessageConsumer two = s2.createConsumer(q);
        sendTexts(q, numbered("m", 30));
        List<String> all = new ArrayList<>(texts(drain(one)));
        all.addAll(texts(drain(two)));
        assertThat(all).containsExactlyInAnyOrder(numbered("m", 30));
    }

    @Test
    @DisplayName("4.1.2 a queue keeps messages until a consumer comes")
    void queueRetainsMessages() throws Exception {
        Queue q = queue("retain");
        sendTexts(q, "waiting");
        MessageConsumer late = startedConnection().createSession().createConsumer(q);
        assertThat(text(late.receive(RECEIVE_MS))).isEqualTo("waiting");
    }

    @Test
    @DisplayName("4.2.2 a topic delivers each message to every subscription")
    void topicDeliversToAll() throws Exception {
        Topic t = topic("fanout");
        List<MessageConsumer> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subscribers.add(startedConnection().createSession().createConsumer(t));
        }
        sendTexts(t, "news");
        for (MessageConsumer c : subscribers) {
            assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("news");
        }
    }

    @Test
    @DisplayName("2.9 the point-to-point API: QueueConnection, QueueSession, QueueSender, QueueReceiver")
    void legacyQueueApi() throws Exception {
        QueueConnectionFactory f = (QueueConnectionFactory) tck.factory();
        QueueConnection c = closeLater(f.createQueueConnection());
        c.start();
        QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(tck.uniqueName("legacy-q"));
        QueueSender sender = s.createSender(q);
        assertThat(sender.getQueue()).isEqualTo(q);
        sender.send(s.createTextMessage("ptp"));
        QueueReceiver receiver = s.createReceiver(q);
        assertThat(receiver.getQueue()).isEqualTo(q);
        assertThat(text(receiver.receive(RECEIVE_MS))).isEqualTo("ptp");
    }

    @Test
    @DisplayName("2.9 the pub/sub API: TopicConnection, TopicSession, TopicPublisher, TopicSubscriber")
    void legacyTopicApi() throws Exception {
        TopicConnectionFactory f = (TopicConnectionFactory) tck.factory();
        TopicConnection c = closeLater(f.createTopicConnection());
        c.start();
        TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(tck.uniqueName("legacy-t"));
        TopicSubscriber subscriber = s.createSubscriber(t);
        assertThat(subscriber.getTopic()).isEqualTo(t);
        assertThat(subscriber.getNoLocal()).isFalse();
        TopicPublisher publisher = s.createPublisher(t);
        assertThat(publisher.getTopic()).isEqualTo(t);
        publisher.publish(s.createTextMessage("pubsub"));
        assertThat(text(subscriber.receive(RECEIVE_MS))).isEqualTo("pubsub");
    }

    /** Answers every request on {@code to} with "re: " + its text, on the request's JMSReplyTo. */
    private void respondOn(jakarta.jms.Destination to) throws Exception {
        Session responder = startedConnection().createSession();
        jakarta.jms.MessageProducer replies = responder.createProducer(null);
        responder.createConsumer(to).setMessageListener(m -> {
            try {
                Message reply = responder.createTextMessage("re: " + text(m));
                reply.setJMSCorrelationID(m.getJMSMessageID());
                replies.send(m.getJMSReplyTo(), reply);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    @DisplayName("4.1.7 QueueRequestor sends a request and returns the reply")
    void queueRequestor() throws Exception {
        Queue service = queue("service");
        respondOn(service);
        QueueConnection c = closeLater(((QueueConnectionFactory) tck.factory()).createQueueConnection());
        c.start();
        QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.QueueRequestor requestor = new jakarta.jms.QueueRequestor(s, service);
        Message request = s.createTextMessage("ping");
        Message reply = requestor.request(request);
        assertThat(text(reply)).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        requestor.close();
    }

    @Test
    @DisplayName("4.2.10 TopicRequestor publishes a request and returns the first reply")
    void topicRequestor() throws Exception {
        Topic service = topic("service");
        respondOn(service);
        TopicConnection c = closeLater(((TopicConnectionFactory) tck.factory()).createTopicConnection());
        c.start();
        TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.TopicRequestor requestor = new jakarta.jms.TopicRequestor(s, service);
        assertThat(text(requestor.request(s.createTextMessage("ping")))).isEqualTo("re: ping");
        requestor.close();
    }

    @Test
    @DisplayName("9.2 a QueueSession refuses the pub/sub methods with IllegalStateException")
    void queueSessionRefusesTopicMethods() throws Exception {
        QueueConnection c = closeLater(((QueueConnectionFactory) tck.factory()).createQueueConnection());
        QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic("not-for-queues");
        assertThatThrownBy(() -> s.createTopic("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::createTemporaryTopic).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createDurableSubscriber(t, "d")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.unsubscribe("d")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("9.2 a TopicSession refuses the point-to-point methods with IllegalStateException")
    void topicSessionRefusesQueueMethods() throws Exception {
        TopicConnection c = closeLater(((TopicConnectionFactory) tck.factory()).createTopicConnection());
        TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue("not-for-topics");
        assertThatThrownBy(() -> s.createQueue("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::createTemporaryQueue).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createBrowser(q)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("5.3 the JNDI connection factory is a ConnectionFactory of every domain")
    void factoryImplementsEveryDomain() {
        ConnectionFactory f = tck.factory();
        assertThat(f).isInstanceOf(QueueConnectionFactory.class).isInstanceOf(TopicConnectionFactory.class);
    }

    @Test
    @DisplayName("5.2 queues and topics bound in JNDI by name work like dynamically created ones")
    void jndiDestinations() throws Exception {
        Queue q = tck.lookup(TckEnvironment.JNDI_QUEUE, Queue.class);
        Topic t = tck.lookup(TckEnvironment.JNDI_TOPIC, Topic.class);
        Session s = startedConnection().createSession();
        MessageConsumer onTopic = s.createConsumer(t);
        s.createProducer(q).send(s.createTextMessage("jndi queue"));
        s.createProducer(t).send(s.createTextMessage("jndi topic"));
        Message fromQueue =
                startedConnection().createSession().createConsumer(q).receive(RECEIVE_MS);
        assertThat(text(fromQueue)).isEqualTo("jndi queue");
        assertThat(text(onTopic.receive(RECEIVE_MS))).isEqualTo("jndi topic");
        assertThat(fromQueue.getJMSDestination()).isEqualTo(q);
    }

    @Test
    @DisplayName("5.1 administered destinations are serializable and keep their identity")
    void destinationsAreSerializable() throws Exception {
        Queue q = queue("serial");
        Topic t = topic("serial");
        for (Object d : List.of(q, t)) {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(d);
            }
            try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                assertThat(in.readObject()).isEqualTo(d);
            }
        }
    }
}
