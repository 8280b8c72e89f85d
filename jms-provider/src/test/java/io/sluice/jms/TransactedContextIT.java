package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JMSContext with SESSION_TRANSACTED: commit, rollback and the runtime exceptions of misuse. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactedContextIT extends JmsTestBase {
    private final List<JMSContext> contexts = new ArrayList<>();

    private JMSContext context(int mode) {
        JMSContext c = broker.factory().createContext(mode);
        contexts.add(c);
        return c;
    }

    @AfterEach
    void closeContexts() {
        for (JMSContext c : contexts) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closed by the test
            }
        }
        contexts.clear();
    }

    @Test
    void aTransactedContextCommitsAndRollsBack() throws JMSException {
        JMSContext tx = context(JMSContext.SESSION_TRANSACTED);
        assertThat(tx.getTransacted()).isTrue();
        assertThat(tx.getSessionMode()).isEqualTo(JMSContext.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("ctx-tx"));
        JMSContext watcher = context(JMSContext.AUTO_ACKNOWLEDGE);
        JMSConsumer watch = watcher.createConsumer(q);

        tx.createProducer().send(q, "one").send(q, "two");
        assertThat(watch.receive(500)).isNull();
        tx.commit();
        assertThat(watch.receiveBody(String.class, 5000)).isEqualTo("one");
        assertThat(watch.receiveBody(String.class, 5000)).isEqualTo("two");
        watch.close();

        tx.createProducer().send(q, "three");
        tx.commit();
        JMSConsumer consumer = tx.createConsumer(q);
        Message m = consumer.receive(5000);
        assertThat(m.getBody(String.class)).isEqualTo("three");
        tx.rollback();
        Message again = consumer.receive(5000);
        assertThat(again.getBody(String.class)).isEqualTo("three");
        assertThat(again.getJMSRedelivered()).isTrue();
        tx.acknowledge(); // no effect in a transacted context
        tx.commit();
        consumer.close();
        assertThat(watcher.createConsumer(q).receive(500)).isNull();
    }

    @Test
    void commitAndRollbackOfANonTransactedContextAreIllegal() {
        JMSContext auto = context(JMSContext.AUTO_ACKNOWLEDGE);
        assertThat(auto.getTransacted()).isFalse();
        assertThatThrownBy(auto::commit).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(auto::rollback).isInstanceOf(IllegalStateRuntimeException.class);
        JMSContext tx = context(JMSContext.SESSION_TRANSACTED);
        assertThatThrownBy(tx::recover).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void closingATransactedContextRollsBack() {
        JMSContext tx = context(JMSContext.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name("ctx-close"));
        tx.createProducer().send(q, "lost");
        tx.close();
        JMSContext reader = context(JMSContext.AUTO_ACKNOWLEDGE);
        assertThat(reader.createConsumer(q).receive(500)).isNull();
    }
}
