package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Temporary queues and topics: ownership, request/reply, deletion rules, lifetime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TemporaryDestinationIT extends JmsTestBase {

    @Test
    void requestReplyThroughATemporaryQueueInJmsReplyTo() throws Exception {
        Queue requests = new io.sluice.jms.destination.SluiceQueue(name("requests"));
        Connection server = connection();
        Session ss = server.createSession();
        MessageProducer replier = ss.createProducer(null);
        ss.createConsumer(requests).setMessageListener(m -> {
            try {
                TextMessage reply = ss.createTextMessage("re: " + ((TextMessage) m).getText());
                reply.setJMSCorrelationID(m.getJMSMessageID());
                replier.send(m.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();

        Connection client = connection();
        Session cs = client.createSession();
        TemporaryQueue replies = cs.createTemporaryQueue();
        assertThat(replies.getQueueName()).startsWith("_temp.q.");
        MessageConsumer answers = cs.createConsumer(replies);
        client.start();
        TextMessage request = cs.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        cs.createProducer(requests).send(request);
        Message answer = answers.receive(10_000);
        assertThat(((TextMessage) answer).getText()).isEqualTo("re: ping");
        assertThat(answer.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
        assertThat(answer.getJMSDestination()).isEqualTo(replies);
    }

    @Test
    void onlyTheOwningConnectionConsumesAndDeleteWaitsForItsConsumers() throws JMSException {
        Connection owner = connection();
        Session os = owner.createSession();
        TemporaryTopic topic = os.createTemporaryTopic();
        TemporaryQueue queue = os.createTemporaryQueue();
        Connection other = connection();
        Session xs = other.createSession();
        assertThatThrownBy(() -> xs.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
        xs.createProducer(queue).send(xs.createTextMessage("anyone may send"));

        MessageConsumer consumer = os.createConsumer(queue);
        owner.start();
        assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("anyone may send");
        assertThatThrownBy(queue::delete).isInstanceOf(IllegalStateException.class);
        consumer.close();
        queue.delete();
        assertThatThrownBy(() -> os.createConsumer(queue)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> xs.createProducer(null)
                        .send(
                                new io.sluice.jms.destination.SluiceTemporaryQueue(queue.getQueueName(), null),
                                xs.createMessage()))
                .isInstanceOf(InvalidDestinationException.class);

        MessageConsumer topicConsumer = os.createConsumer(topic);
        xs.createProducer(topic).send(xs.createTextMessage("to the topic"));
        assertThat(((TextMessage) topicConsumer.receive(5000)).getText()).isEqualTo("to the topic");
        assertThatThrownBy(
                        () -> new io.sluice.jms.destination.SluiceTemporaryTopic(topic.getTopicName(), null).delete())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void temporaryDestinationsGoWithTheirConnection() throws JMSException {
        Connection owner = connection();
        TemporaryQueue queue = owner.createSession().createTemporaryQueue();
        Connection other = connection();
        Session xs = other.createSession();
        MessageProducer p = xs.createProducer(null);
        p.send(queue, xs.createTextMessage("before close"));
        owner.close();
        Queue known = new io.sluice.jms.destination.SluiceTemporaryQueue(queue.getQueueName(), null);
        // The broker deletes them when it sees the connection go, a moment after close() returned.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JMSException refused = null;
        while (refused == null && System.nanoTime() < deadline) {
            try {
                xs.createProducer(null).send(known, xs.createMessage());
                Thread.sleep(50);
            } catch (JMSException e) {
                refused = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(refused).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(queue::delete).isInstanceOf(IllegalStateException.class);
    }
}
