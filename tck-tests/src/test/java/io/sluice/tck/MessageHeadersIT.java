package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 3.4 (message header fields), 3.9 (access to sent messages) and 3.10 (received messages). */
@DisplayName("3.4 Message header fields")
class MessageHeadersIT extends TckTestBase {
    private Session session;
    private Queue queue;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        Connection c = startedConnection();
        session = c.createSession();
        queue = queue("headers");
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    private Message roundTrip(Message m) throws Exception {
        producer.send(m);
        Message received = consumer.receive(RECEIVE_MS);
        assertThat(received).isNotNull();
        return received;
    }

    @Test
    @DisplayName("3.4.1 JMSDestination is set by send and is the destination on receipt")
    void destination() throws Exception {
        Message m = session.createMessage();
        Message received = roundTrip(m);
        assertThat(m.getJMSDestination()).isEqualTo(queue);
        assertThat(received.getJMSDestination()).isEqualTo(queue);
    }

    @Test
    @DisplayName("3.4.2 JMSDeliveryMode is PERSISTENT by default and as the producer sets it")
    void deliveryMode() throws Exception {
        assertThat(producer.getDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(roundTrip(session.createMessage()).getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        assertThat(roundTrip(session.createMessage()).getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 4, 0);
        assertThat(consumer.receive(RECEIVE_MS).getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }

    @Test
    @DisplayName("3.4.3 JMSMessageID starts with 'ID:' and is unique; the sent object carries the received value")
    void messageId() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Message m = session.createMessage();
            Message received = roundTrip(m);
            assertThat(received.getJMSMessageID()).startsWith("ID:").isEqualTo(m.getJMSMessageID());
            ids.add(received.getJMSMessageID());
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    @DisplayName("3.4.3 with setDisableMessageID the ID is null or a valid ID (a hint)")
    void disabledMessageId() throws Exception {
        producer.setDisableMessageID(true);
        assertThat(producer.getDisableMessageID()).isTrue();
        String id = roundTrip(session.createMessage()).getJMSMessageID();
        if (id != null) {
            assertThat(id).startsWith("ID:");
        }
    }

    @Test
    @DisplayName("3.4.4 JMSTimestamp is the time the message was handed to send; 0 when disabled")
    void timestamp() throws Exception {
        long before = System.currentTimeMillis();
        Message m = session.createMessage();
        Message received = roundTrip(m);
        long after = System.currentTimeMillis();
        assertThat(received.getJMSTimestamp()).isBetween(before, after).isEqualTo(m.getJMSTimestamp());
        producer.setDisableMessageTimestamp(true);
        assertThat(roundTrip(session.createMessage()).getJMSTimestamp()).isZero();
    }

    @Test
    @DisplayName("3.4.5 JMSCorrelationID travels as a String and as bytes")
    void correlationId() throws Exception {
        Message m = session.createMessage();
        m.setJMSCorrelationID("ID:order-42");
        assertThat(roundTrip(m).getJMSCorrelationID()).isEqualTo("ID:order-42");
        Message b = session.createMessage();
        byte[] bytes = {1, 2, 3, (byte) 0xff};
        b.setJMSCorrelationIDAsBytes(bytes);
        assertThat(roundTrip(b).getJMSCorrelationIDAsBytes()).containsExactly(bytes);
    }

    @Test
    @DisplayName("3.4.6 JMSReplyTo carries a queue or a topic")
    void replyTo() throws Exception {
        Queue replyQueue = queue("reply-q");
        Topic replyTopic = topic("reply-t");
        Message m = session.createMessage();
        m.setJMSReplyTo(replyQueue);
        assertThat(roundTrip(m).getJMSReplyTo()).isEqualTo(replyQueue);
        Message t = session.createMessage();
        t.setJMSReplyTo(replyTopic);
        assertThat(roundTrip(t).getJMSReplyTo()).isEqualTo(replyTopic);
        assertThat(roundTrip(session.createMessage()).getJMSReplyTo()).isNull();
    }

    @Test
    @DisplayName("3.4.7 JMSRedelivered is false on the first delivery and true after recover()")
    void redelivered() throws Exception {
        Session client = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue("redelivered");
        sendTexts(q, "again");
        MessageConsumer c = client.createConsumer(q);
        assertThat(c.receive(RECEIVE_MS).getJMSRedelivered()).isFalse();
        client.recover();
        Message again = c.receive(RECEIVE_MS);
        assertThat(text(again)).isEqualTo("again");
        assertThat(again.getJMSRedelivered()).isTrue();
        again.acknowledge();
    }

    @Test
    @DisplayName("3.4.8 JMSType travels unchanged")
    void type() throws Exception {
        Message m = session.createMessage();
        m.setJMSType("order.created");
        assertThat(roundTrip(m).getJMSType()).isEqualTo("order.created");
    }

    @Test
    @DisplayName("3.4.9 JMSExpiration is timestamp + time to live, 0 without time to live")
    void expiration() throws Exception {
        assertThat(producer.getTimeToLive()).isZero();
        assertThat(roundTrip(session.createMessage()).getJMSExpiration()).isZero();
        producer.setTimeToLive(60_000);
        Message received = roundTrip(session.createMessage());
        assertThat(received.getJMSExpiration()).isEqualTo(received.getJMSTimestamp() + 60_000);
    }

    @Test
    @DisplayName("3.4.10 JMSPriority is 4 by default and as the producer or send sets it")
    void priority() throws Exception {
        assertThat(producer.getPriority()).isEqualTo(4);
        assertThat(roundTrip(session.createMessage()).getJMSPriority()).isEqualTo(4);
        producer.setPriority(7);
        assertThat(roundTrip(session.createMessage()).getJMSPriority()).isEqualTo(7);
        producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 1, 0);
        assertThat(consumer.receive(RECEIVE_MS).getJMSPriority()).isEqualTo(1);
    }

    @Test
    @DisplayName("3.4.10 a priority outside 0-9 is refused with JMSException")
    void invalidPriority() {
        assertThatThrownBy(() -> producer.setPriority(10)).isInstanceOf(jakarta.jms.JMSException.class);
        assertThatThrownBy(() -> producer.send(session.createMessage(), DeliveryMode.PERSISTENT, -1, 0))
                .isInstanceOf(jakarta.jms.JMSException.class);
    }

    @Test
    @DisplayName("3.4.11 values the application set on provider-set headers are replaced by send")
    void sendSetsProviderHeaders() throws Exception {
        Message m = session.createMessage();
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(9);
        m.setJMSExpiration(1);
        m.setJMSMessageID("ID:made-up");
        m.setJMSTimestamp(1);
        m.setJMSDestination(queue("elsewhere"));
        Message received = roundTrip(m);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(4);
        assertThat(received.getJMSExpiration()).isZero();
        assertThat(received.getJMSMessageID()).isNotEqualTo("ID:made-up");
        assertThat(received.getJMSTimestamp()).isGreaterThan(1);
        assertThat(received.getJMSDestination()).isEqualTo(queue);
    }

    @Test
    @DisplayName("3.4.13 JMSDeliveryTime is timestamp + delivery delay")
    void deliveryTime() throws Exception {
        Message received = roundTrip(session.createMessage());
        assertThat(received.getJMSDeliveryTime()).isEqualTo(received.getJMSTimestamp());
        producer.setDeliveryDelay(200);
        Message delayed = roundTrip(session.createMessage());
        assertThat(delayed.getJMSDeliveryTime()).isEqualTo(delayed.getJMSTimestamp() + 200);
    }

    @Test
    @DisplayName("3.9 changing a message after send does not change what was sent; it may be sent again")
    void sentMessageMayBeReused() throws Exception {
        TextMessage m = session.createTextMessage("first");
        m.setStringProperty("p", "1");
        producer.send(m);
        String firstId = m.getJMSMessageID();
        m.setText("second");
        m.setStringProperty("p", "2");
        producer.send(m);
        Message one = consumer.receive(RECEIVE_MS);
        Message two = consumer.receive(RECEIVE_MS);
        assertThat(text(one)).isEqualTo("first");
        assertThat(one.getStringProperty("p")).isEqualTo("1");
        assertThat(one.getJMSMessageID()).isEqualTo(firstId);
        assertThat(text(two)).isEqualTo("second");
        assertThat(two.getStringProperty("p")).isEqualTo("2");
        assertThat(two.getJMSMessageID()).isNotEqualTo(firstId);
    }

    @Test
    @DisplayName("3.10 a received message's headers may be set; body and properties are read-only")
    void receivedMessageIsPartlyReadOnly() throws Exception {
        TextMessage m = session.createTextMessage("body");
        m.setStringProperty("p", "v");
        TextMessage received = (TextMessage) roundTrip(m);
        received.setJMSType("changed");
        received.setJMSCorrelationID("changed");
        assertThat(received.getJMSType()).isEqualTo("changed");
        assertThat(received.getJMSCorrelationID()).isEqualTo("changed");
        assertThatThrownBy(() -> received.setText("x")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> received.setStringProperty("p", "x")).isInstanceOf(MessageNotWriteableException.class);
        assertThat(received.getText()).isEqualTo("body");
    }

    @Test
    @DisplayName("3.10 a received message may be sent again, with new send headers")
    void receivedMessageMayBeForwarded() throws Exception {
        Message received = roundTrip(session.createTextMessage("forward me"));
        Queue next = queue("forwarded");
        session.createProducer(next).send(received);
        Message forwarded = session.createConsumer(next).receive(RECEIVE_MS);
        assertThat(text(forwarded)).isEqualTo("forward me");
        assertThat(forwarded.getJMSDestination()).isEqualTo(next);
        assertThat(forwarded.getJMSRedelivered()).isFalse();
    }
}
