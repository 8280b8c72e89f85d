package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Chapter 10: exceptions. Each standard exception of section 10.3 is provoked through the API
 * situation the specification names for it.
 */
@DisplayName("10 Exceptions")
class ExceptionsIT extends TckTestBase {

    @Test
    @DisplayName("10.3 IllegalStateException: a method called at a wrong time (closed producer)")
    void illegalState() throws Exception {
        Session s = connection().createSession();
        MessageProducer p = s.createProducer(queue("ise"));
        p.close();
        assertThatThrownBy(() -> p.send(s.createMessage()))
                .isInstanceOf(IllegalStateException.class)
                .isInstanceOf(JMSException.class);
        MessageConsumer c = s.createConsumer(queue("ise-c"));
        c.close();
        assertThatThrownBy(c::receiveNoWait).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::getMessageSelector).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("10.3 InvalidClientIDException: a client id in use by another connection")
    void invalidClientId() throws Exception {
        String id = tck.uniqueId("ex");
        connection().setClientID(id);
        assertThatThrownBy(() -> connection().setClientID(id)).isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    @DisplayName("10.3 InvalidDestinationException: a null destination for a consumer or a send without one")
    void invalidDestination() throws Exception {
        Session s = connection().createSession();
        assertThatThrownBy(() -> s.createConsumer(null)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> s.createBrowser(null)).isInstanceOf(InvalidDestinationException.class);
        MessageProducer anonymous = s.createProducer(null);
        assertThatThrownBy(() -> anonymous.send((Destination) null, s.createMessage()))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    @DisplayName("10.3 InvalidSelectorException: a selector with a syntax error")
    void invalidSelector() throws Exception {
        Session s = connection().createSession();
        assertThatThrownBy(() -> s.createConsumer(queue("sel"), "color = = 'red'"))
                .isInstanceOf(InvalidSelectorException.class);
        assertThatThrownBy(() -> s.createSharedConsumer(topic("sel-t"), tck.uniqueId("s"), "color LIKE 5"))
                .isInstanceOf(InvalidSelectorException.class);
    }

    @Test
    @DisplayName("10.3 JMSSecurityException: authentication refused")
    void security() {
        ConnectionFactory bad = tck.lookup(TckEnvironment.BAD_PASSWORD_FACTORY, ConnectionFactory.class);
        assertThatThrownBy(() -> closeLater(bad.createConnection()).start()).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    @DisplayName("10.3 MessageEOFException: reading past the end of a BytesMessage")
    void messageEof() throws Exception {
        BytesMessage m = connection().createSession().createBytesMessage();
        m.writeShort((short) 1);
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
        assertThat(m.readShort()).as("a failed read consumes nothing").isEqualTo((short) 1);
    }

    @Test
    @DisplayName("10.3 MessageFormatException: a value of the wrong type")
    void messageFormat() throws Exception {
        Session s = connection().createSession();
        var m = s.createMessage();
        m.setBooleanProperty("flag", true);
        assertThatThrownBy(() -> m.getIntProperty("flag")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> s.createBytesMessage().writeObject(new java.util.Date()))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    @DisplayName("10.3 MessageNotReadableException: reading a message in write-only mode")
    void messageNotReadable() throws Exception {
        var m = connection().createSession().createStreamMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
    }

    @Test
    @DisplayName("10.3 MessageNotWriteableException: writing to a received message")
    void messageNotWriteable() throws Exception {
        Queue q = queue("not-writeable");
        sendTexts(q, "r");
        TextMessage m = (TextMessage)
                startedConnection().createSession().createConsumer(q).receive(RECEIVE_MS);
        assertThatThrownBy(() -> m.setText("w")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setIntProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    @DisplayName("7.1 an anonymous producer needs a destination per send; a bound one refuses another")
    void producerDestinationRules() throws Exception {
        Session s = connection().createSession();
        MessageProducer bound = s.createProducer(queue("bound"));
        assertThatThrownBy(() -> bound.send(queue("other"), s.createMessage()))
                .isInstanceOf(UnsupportedOperationException.class);
        MessageProducer anonymous = s.createProducer(null);
        assertThatThrownBy(() -> anonymous.send(s.createMessage())).isInstanceOf(UnsupportedOperationException.class);
    }
}
