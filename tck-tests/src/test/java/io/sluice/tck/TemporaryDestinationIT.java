package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapters 6.2.2 (creating temporary destinations), 4.1.5 (TemporaryQueue) and 4.2.7 (temporary topics). */
@DisplayName("6.2.2 Temporary destinations")
class TemporaryDestinationIT extends TckTestBase {

    @Test
    @DisplayName("4.1.5 a temporary queue carries messages and each one is unique")
    void temporaryQueue() throws Exception {
        Session s = startedConnection().createSession();
        TemporaryQueue q = s.createTemporaryQueue();
        TemporaryQueue other = s.createTemporaryQueue();
        assertThat(q.getQueueName()).isNotEqualTo(other.getQueueName());
        assertThat(q).isNotEqualTo(other);
        MessageConsumer c = s.createConsumer(q);
        s.createProducer(q).send(s.createTextMessage("temp"));
        assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("temp");
    }

    @Test
    @DisplayName("4.2.7 a temporary topic delivers to each of its subscribers")
    void temporaryTopic() throws Exception {
        Session s = startedConnection().createSession();
        TemporaryTopic t = s.createTemporaryTopic();
        MessageConsumer one = s.createConsumer(t);
        MessageConsumer two = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("both"));
        assertThat(text(one.receive(RECEIVE_MS))).isEqualTo("both");
        assertThat(text(two.receive(RECEIVE_MS))).isEqualTo("both");
    }

    @Test
    @DisplayName("6.2.2 another connection may send to a temporary queue named in JMSReplyTo (request/reply)")
    void requestReply() throws Exception {
        Queue requests = queue("requests");
        Connection requestor = startedConnection();
        Session rs = requestor.createSession();
        TemporaryQueue replies = rs.createTemporaryQueue();
        MessageConsumer replyConsumer = rs.createConsumer(replies);
        Message request = rs.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        rs.createProducer(requests).send(request);

        Session server = startedConnection().createSession();
        Message got = server.createConsumer(requests).receive(RECEIVE_MS);
        assertThat(got.getJMSReplyTo()).isEqualTo(replies);
        Message reply = server.createTextMessage("pong");
        reply.setJMSCorrelationID(got.getJMSMessageID());
        server.createProducer(got.getJMSReplyTo()).send(reply);

        Message answer = replyConsumer.receive(RECEIVE_MS);
        assertThat(text(answer)).isEqualTo("pong");
        assertThat(answer.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
    }

    @Test
    @DisplayName("6.2.2 only the connection that created a temporary destination may consume from it")
    void onlyOwnerConsumes() throws Exception {
        TemporaryQueue q = startedConnection().createSession().createTemporaryQueue();
        Session stranger = startedConnection().createSession();
        assertThatThrownBy(() -> stranger.createConsumer(q)).isInstanceOf(JMSException.class);
    }

    @Test
    @DisplayName("6.2.2 delete() with an open consumer is refused; after closing it, delete() works")
    void deleteInUse() throws Exception {
        Session s = startedConnection().createSession();
        TemporaryQueue q = s.createTemporaryQueue();
        MessageConsumer c = s.createConsumer(q);
        assertThatThrownBy(q::delete).isInstanceOf(JMSException.class);
        c.close();
        q.delete();
        TemporaryTopic t = s.createTemporaryTopic();
        t.delete();
    }

    @Test
    @DisplayName("6.2.2 a deleted temporary queue can no longer be used")
    void deletedCannotBeUsed() throws Exception {
        Session s = startedConnection().createSession();
        TemporaryQueue q = s.createTemporaryQueue();
        q.delete();
        assertThatThrownBy(() -> s.createConsumer(q)).isInstanceOf(JMSException.class);
    }

    @Test
    @DisplayName("6.2.2 a temporary queue lives as long as its connection")
    void endsWithConnection() throws Exception {
        Connection owner = startedConnection();
        TemporaryQueue q = owner.createSession().createTemporaryQueue();
        Session other = startedConnection().createSession();
        MessageProducer p = other.createProducer(q);
        p.send(other.createTextMessage("while alive"));
        owner.close();
        // The broker learns of the close over the network: allow it a moment, then the queue is gone.
        long deadline = System.currentTimeMillis() + RECEIVE_MS;
        JMSException refused = null;
        while (refused == null && System.currentTimeMillis() < deadline) {
            try {
                p.send(other.createTextMessage("after close"));
                Thread.sleep(50);
            } catch (JMSException e) {
                refused = e;
            }
        }
        assertThat(refused)
                .as("a send to the temporary queue of a closed connection")
                .isNotNull();
    }
}
