package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 3.12: provider implementations of the message interfaces, and messages of other providers. */
@DisplayName("3.12 Provider implementations of message interfaces")
class MessageImplementationIT extends TckTestBase {
    private Session session;

    @BeforeEach
    void open() throws Exception {
        session = startedConnection().createSession();
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> T roundTrip(T m) throws Exception {
        Queue q = queue("impl");
        session.createProducer(q).send(m);
        Message received = session.createConsumer(q).receive(RECEIVE_MS);
        assertThat(received).isNotNull();
        return (T) received;
    }

    @Test
    @DisplayName("3.12 set and write methods copy their input; get methods return copies")
    void inputsAreCopied() throws Exception {
        byte[] bytes = {1, 2, 3};
        MapMessage m = session.createMapMessage();
        m.setBytes("b", bytes);
        BytesMessage b = session.createBytesMessage();
        b.writeBytes(bytes);
        bytes[0] = 99;
        assertThat(m.getBytes("b")).containsExactly(1, 2, 3);
        m.getBytes("b")[1] = 99;
        assertThat(m.getBytes("b")).containsExactly(1, 2, 3);
        assertThat(roundTrip(m).getBytes("b")).containsExactly(1, 2, 3);
        b.reset();
        byte[] read = new byte[3];
        b.readBytes(read);
        assertThat(read).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("3.12 a BytesMessage has no null values: writing null throws NullPointerException")
    void bytesMessageRefusesNull() throws Exception {
        BytesMessage b = session.createBytesMessage();
        assertThatThrownBy(() -> b.writeObject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.writeBytes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.writeUTF(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("3.12 a message of another implementation is accepted; send sets its headers")
    void foreignMessage() throws Exception {
        TextMessage foreign = ForeignTextMessage.create();
        foreign.setText("from elsewhere");
        foreign.setStringProperty("origin", "other-provider");
        foreign.setIntProperty("n", 5);
        foreign.setJMSType("foreign");
        foreign.setJMSCorrelationID("corr-f");
        Queue q = queue("foreign");
        session.createProducer(q).send(foreign);
        TextMessage received = (TextMessage) session.createConsumer(q).receive(RECEIVE_MS);
        assertThat(received.getText()).isEqualTo("from elsewhere");
        assertThat(received.getStringProperty("origin")).isEqualTo("other-provider");
        assertThat(received.getIntProperty("n")).isEqualTo(5);
        assertThat(received.getJMSType()).isEqualTo("foreign");
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-f");
        assertThat(foreign.getJMSMessageID()).isEqualTo(received.getJMSMessageID());
        assertThat(foreign.getJMSDestination()).isEqualTo(q);
    }
}
