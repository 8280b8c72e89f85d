package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 6.2.7: transactions (local transactions of a transacted session or JMSContext). */
@DisplayName("6.2.7 Transactions")
class TransactionIT extends TckTestBase {
    private Connection connection;
    private Session tx;

    @BeforeEach
    void openTransactedSession() throws Exception {
        connection = startedConnection();
        tx = connection.createSession(Session.SESSION_TRANSACTED);
    }

    @Test
    @DisplayName("6.2.7 a transacted session reports SESSION_TRANSACTED; the acknowledge mode is ignored")
    void transactedSessionMode() throws Exception {
        assertThat(tx.getTransacted()).isTrue();
        assertThat(tx.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
        Session other = connection.createSession(true, Session.CLIENT_ACKNOWLEDGE);
        assertThat(other.getTransacted()).isTrue();
        assertThat(other.getAcknowledgeMode()).isEqualTo(Session.SESSION_TRANSACTED);
    }

    @Test
    @DisplayName("6.2.7 sent messages are delivered only when the transaction commits")
    void sendsWaitForCommit() throws Exception {
        Queue q = queue("tx-send");
        MessageConsumer c = connection.createSession().createConsumer(q);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("a"));
        p.send(tx.createTextMessage("b"));
        assertThat(c.receive(ABSENT_MS)).isNull();
        tx.commit();
        assertThat(texts(receive(c, 2))).containsExactly("a", "b");
    }

    @Test
    @DisplayName("6.2.7 rollback discards the messages sent in the transaction")
    void rollbackDiscardsSends() throws Exception {
        Queue q = queue("tx-rollback-send");
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("discarded"));
        tx.rollback();
        p.send(tx.createTextMessage("kept"));
        tx.commit();
        assertThat(remaining(q)).containsExactly("kept");
    }

    @Test
    @DisplayName("6.2.7 rollback redelivers the messages received in the transaction, flagged redelivered")
    void rollbackRedeliversReceives() throws Exception {
        Queue q = queue("tx-rollback-recv");
        sendTexts(q, "a", "b");
        MessageConsumer c = tx.createConsumer(q);
        receive(c, 2);
        tx.rollback();
        var again = receive(c, 2);
        assertThat(texts(again)).containsExactly("a", "b");
        assertThat(again.get(0).getJMSRedelivered()).isTrue();
        tx.commit();
        assertThat(remaining(q)).isEmpty();
    }

    @Test
    @DisplayName("6.2.7 commit acknowledges the received messages")
    void commitAcknowledges() throws Exception {
        Queue q = queue("tx-commit-recv");
        sendTexts(q, "a", "b");
        MessageConsumer c = tx.createConsumer(q);
        assertThat(text(c.receive(RECEIVE_MS))).isEqualTo("a");
        tx.commit();
        tx.close();
        assertThat(remaining(q)).containsExactly("b");
    }

    @Test
    @DisplayName("6.2.7 a transaction covers receives and sends together (consume-transform-produce)")
    void receiveAndSendAtomically() throws Exception {
        Queue in = queue("tx-in");
        Queue out = queue("tx-out");
        sendTexts(in, "work");
        MessageConsumer c = tx.createConsumer(in);
        MessageProducer p = tx.createProducer(out);
        p.send(tx.createTextMessage("result of " + text(c.receive(RECEIVE_MS))));
        tx.rollback();
        assertThat(remaining(out)).isEmpty();
        p.send(tx.createTextMessage("result of " + text(c.receive(RECEIVE_MS))));
        tx.commit();
        assertThat(remaining(out)).containsExactly("result of work");
        assertThat(remaining(in)).isEmpty();
    }

    @Test
    @DisplayName("6.2.7 closing a transacted session rolls back its transaction")
    void closeRollsBack() throws Exception {
        Queue q = queue("tx-close");
        sendTexts(q, "received");
        receive(tx.createConsumer(q), 1);
        tx.createProducer(q).send(tx.createTextMessage("sent"));
        tx.close();
        assertThat(remaining(q)).containsExactly("received");
    }

    @Test
    @DisplayName("6.1.8 closing the connection rolls back the transactions of its sessions")
    void connectionCloseRollsBack() throws Exception {
        Queue q = queue("tx-connection-close");
        sendTexts(q, "received");
        receive(tx.createConsumer(q), 1);
        tx.createProducer(q).send(tx.createTextMessage("sent"));
        connection.close();
        assertThat(remaining(q)).containsExactly("received");
    }

    @Test
    @DisplayName("6.2.7 messages published in a transaction reach every subscriber on commit")
    void transactedPublish() throws Exception {
        Topic t = topic("tx-topic");
        MessageConsumer one = connection.createSession().createConsumer(t);
        MessageConsumer two = connection.createSession().createConsumer(t);
        tx.createProducer(t).send(tx.createTextMessage("p"));
        assertThat(one.receive(ABSENT_MS)).isNull();
        tx.commit();
        assertThat(text(one.receive(RECEIVE_MS))).isEqualTo("p");
        assertThat(text(two.receive(RECEIVE_MS))).isEqualTo("p");
    }

    @Test
    @DisplayName("6.2.7 recover() on a transacted session throws IllegalStateException")
    void recoverIsRefused() {
        assertThatThrownBy(tx::recover).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("6.2.7 JMSContext in SESSION_TRANSACTED mode commits and rolls back")
    void transactedContext() throws Exception {
        Queue q = queue("tx-context");
        JMSContext ctx = context(JMSContext.SESSION_TRANSACTED);
        assertThat(ctx.getTransacted()).isTrue();
        ctx.createProducer().send(q, "rolled back");
        ctx.rollback();
        ctx.createProducer().send(q, "committed");
        ctx.commit();
        assertThat(remaining(q)).containsExactly("committed");
    }

    @Test
    @DisplayName("7.3.4 commit waits for incomplete asynchronous sends of the transaction")
    void commitWaitsForAsyncSends() throws Exception {
        Queue q = queue("tx-async");
        MessageProducer p = tx.createProducer(q);
        java.util.concurrent.atomic.AtomicInteger completed = new java.util.concurrent.atomic.AtomicInteger();
        jakarta.jms.CompletionListener listener = new jakarta.jms.CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                completed.incrementAndGet();
            }

            @Override
            public void onException(Message message, Exception exception) {}
        };
        for (String t : numbered("m", 20)) {
            p.send(tx.createTextMessage(t), listener);
        }
        tx.commit();
        assertThat(completed.get()).isEqualTo(20);
        assertThat(remaining(q)).containsExactly(numbered("m", 20));
    }
}
