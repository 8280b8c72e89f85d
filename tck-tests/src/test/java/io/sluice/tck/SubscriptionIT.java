package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 8.3 (consumers on a topic: the four kinds of subscription) and 4.2 (publish/subscribe). */
@DisplayName("8.3 Subscriptions")
class SubscriptionIT extends TckTestBase {

    private Connection withClientId() throws JMSException {
        Connection c = connection();
        c.setClientID(tck.uniqueId("client"));
        c.start();
        return c;
    }

    @Test
    @DisplayName("8.3.1 every unshared non-durable subscription gets every message")
    void nonDurableSubscribersEachGetAll() throws Exception {
        Topic t = topic("nd");
        Connection c = startedConnection();
        MessageConsumer one = c.createSession().createConsumer(t);
        MessageConsumer two = c.createSession().createConsumer(t);
        sendTexts(t, "a", "b", "c");
        assertThat(texts(receive(one, 3))).containsExactly("a", "b", "c");
        assertThat(texts(receive(two, 3))).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("8.3.1 a non-durable subscription does not see messages sent before it existed or after it closed")
    void nonDurableLifetime() throws Exception {
        Topic t = topic("nd-life");
        sendTexts(t, "before");
        Session s = startedConnection().createSession();
        MessageConsumer c = s.createConsumer(t);
        sendTexts(t, "during");
        assertThat(texts(drain(c))).containsExactly("during");
        c.close();
        sendTexts(t, "after");
        assertThat(drain(s.createConsumer(t))).isEmpty();
    }

    @Test
    @DisplayName("8.3.2 consumers of one shared non-durable subscription share its messages")
    void sharedNonDurable() throws Exception {
        Topic t = topic("shared");
        String name = tck.uniqueId("shared");
        Connection c1 = startedConnection();
        Connection c2 = startedConnection();
        MessageConsumer one = c1.createSession().createSharedConsumer(t, name);
        MessageConsumer two = c2.createSession().createSharedConsumer(t, name);
        MessageConsumer other = c1.createSession().createSharedConsumer(t, tck.uniqueId("other"));
        sendTexts(t, numbered("m", 20));
        List<String> all = new ArrayList<>(texts(drain(one)));
        all.addAll(texts(drain(two)));
        assertThat(all).containsExactlyInAnyOrder(numbered("m", 20));
        assertThat(texts(receive(other, 20))).containsExactly(numbered("m", 20));
    }

    @Test
    @DisplayName("8.3.2 a shared non-durable subscription ends with its last consumer")
    void sharedNonDurableEndsWithLastConsumer() throws Exception {
        Topic t = topic("shared-end");
        String name = tck.uniqueId("shared");
        Session s = startedConnection().createSession();
        s.createSharedConsumer(t, name).close();
        sendTexts(t, "while-none");
        MessageConsumer again = s.createSharedConsumer(t, name);
        sendTexts(t, "after");
        assertThat(texts(drain(again))).containsExactly("after");
    }

    @Test
    @DisplayName("8.3.2 a shared consumer with another topic or selector while the subscription is active is refused")
    void sharedNonDurableMismatch() throws Exception {
        Topic t = topic("shared-mismatch");
        String name = tck.uniqueId("shared");
        Session s = startedConnection().createSession();
        MessageConsumer active = s.createSharedConsumer(t, name);
        assertThatThrownBy(() -> s.createSharedConsumer(topic("shared-other"), name))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> s.createSharedConsumer(t, name, "size > 1")).isInstanceOf(JMSException.class);
        active.close();
    }

    @Test
    @DisplayName("8.3.2 shared subscription names are scoped by the client identifier")
    void sharedNamesScopedByClientId() throws Exception {
        Topic t = topic("shared-scope");
        String name = tck.uniqueId("shared");
        MessageConsumer a = withClientId().createSession().createSharedConsumer(t, name);
        MessageConsumer b = withClientId().createSession().createSharedConsumer(t, name);
        sendTexts(t, "each");
        assertThat(text(a.receive(RECEIVE_MS))).isEqualTo("each");
        assertThat(text(b.receive(RECEIVE_MS))).isEqualTo("each");
    }

    @Test
    @DisplayName("8.3.3 an unshared durable subscription keeps messages while it has no consumer")
    void durableKeepsMessages() throws Exception {
        Topic t = topic("durable");
        String name = tck.uniqueId("durable");
        Connection c = withClientId();
        Session s = c.createSession();
        s.createDurableConsumer(t, name).close();
        sendTexts(t, "kept-1", "kept-2");
        MessageConsumer again = s.createDurableConsumer(t, name);
        assertThat(texts(receive(again, 2))).containsExactly("kept-1", "kept-2");
        again.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 a durable subscription outlives its connection; the same client id resumes it")
    void durableOutlivesConnection() throws Exception {
        Topic t = topic("durable-reconnect");
        String name = tck.uniqueId("durable");
        String clientId = tck.uniqueId("client");
        try (Connection first = tck.factory().createConnection()) {
            first.setClientID(clientId);
            first.createSession().createDurableConsumer(t, name);
        }
        sendTexts(t, "while away");
        Connection second = connection();
        second.setClientID(clientId);
        second.start();
        Session s = second.createSession();
        MessageConsumer c = s.createDurableConsumer(t, name);
        Message m = c.receive(RECEIVE_MS);
        assertThat(text(m)).isEqualTo("while away");
        assertThat(m.getJMSDestination()).isEqualTo(t);
        c.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 createDurableSubscriber (JMS 1.1) makes the same kind of subscription")
    void durableSubscriber() throws Exception {
        Topic t = topic("durable-11");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        s.createDurableSubscriber(t, name).close();
        sendTexts(t, "kept");
        var subscriber = s.createDurableSubscriber(t, name);
        assertThat(subscriber.getTopic()).isEqualTo(t);
        assertThat(text(subscriber.receive(RECEIVE_MS))).isEqualTo("kept");
        subscriber.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 an unshared durable subscription needs a client identifier")
    void durableNeedsClientId() throws Exception {
        Session s = connection().createSession();
        assertThatThrownBy(() -> s.createDurableConsumer(topic("no-id"), tck.uniqueId("durable")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("8.3.3 an unshared durable subscription has at most one active consumer")
    void durableHasOneConsumer() throws Exception {
        Topic t = topic("durable-one");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        MessageConsumer first = s.createDurableConsumer(t, name);
        assertThatThrownBy(() -> s.createDurableConsumer(t, name)).isInstanceOf(JMSException.class);
        first.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.4 a shared and an unshared durable subscription may not have the same name and client id")
    void sharedAndUnsharedDurableNamesCollide() throws Exception {
        Topic t = topic("durable-collide");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        s.createDurableConsumer(t, name).close();
        assertThatThrownBy(() -> s.createSharedDurableConsumer(t, name)).isInstanceOf(JMSException.class);
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 the same subscription name under another client identifier is another subscription")
    void durableNamesAreScopedByClientId() throws Exception {
        Topic t = topic("durable-scope");
        String name = tck.uniqueId("durable");
        Session a = withClientId().createSession();
        Session b = withClientId().createSession();
        MessageConsumer ca = a.createDurableConsumer(t, name);
        MessageConsumer cb = b.createDurableConsumer(t, name);
        sendTexts(t, "both");
        assertThat(text(ca.receive(RECEIVE_MS))).isEqualTo("both");
        assertThat(text(cb.receive(RECEIVE_MS))).isEqualTo("both");
        ca.close();
        cb.close();
        a.unsubscribe(name);
        b.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 changing the topic or selector of a durable subscription replaces it")
    void changingDurableReplacesIt() throws Exception {
        Topic t = topic("durable-change");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        s.createDurableConsumer(t, name).close();
        sendTexts(t, "old");
        MessageConsumer changed = s.createDurableConsumer(t, name, "color = 'red'", false);
        assertThat(drain(changed))
                .as("the old subscription and its messages are gone")
                .isEmpty();
        changed.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.3 a durable subscription with a selector keeps only the messages it selects")
    void durableWithSelector() throws Exception {
        Topic t = topic("durable-selector");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        s.createDurableConsumer(t, name, "keep = TRUE", false).close();
        Session producer = connection().createSession();
        var p = producer.createProducer(t);
        for (int i = 0; i < 4; i++) {
            Message m = producer.createTextMessage("m-" + i);
            m.setBooleanProperty("keep", i % 2 == 0);
            p.send(m);
        }
        MessageConsumer again = s.createDurableConsumer(t, name, "keep = TRUE", false);
        assertThat(again.getMessageSelector()).isEqualTo("keep = TRUE");
        assertThat(texts(drain(again))).containsExactly("m-0", "m-2");
        again.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("4.2.9 unsubscribe deletes a durable subscription and its messages")
    void unsubscribeDeletes() throws Exception {
        Topic t = topic("unsub");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        s.createDurableConsumer(t, name).close();
        sendTexts(t, "dropped");
        s.unsubscribe(name);
        MessageConsumer fresh = s.createDurableConsumer(t, name);
        assertThat(drain(fresh)).isEmpty();
        fresh.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("4.2.9 unsubscribe with an active consumer is refused; an unknown name is InvalidDestinationException")
    void unsubscribeErrors() throws Exception {
        Topic t = topic("unsub-err");
        String name = tck.uniqueId("durable");
        Session s = withClientId().createSession();
        MessageConsumer active = s.createDurableConsumer(t, name);
        assertThatThrownBy(() -> s.unsubscribe(name)).isInstanceOf(JMSException.class);
        active.close();
        s.unsubscribe(name);
        assertThatThrownBy(() -> s.unsubscribe(name)).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    @DisplayName("8.3.4 consumers of a shared durable subscription share its messages; it outlives them")
    void sharedDurable() throws Exception {
        Topic t = topic("shared-durable");
        String name = tck.uniqueId("sd");
        Session s1 = startedConnection().createSession();
        Session s2 = startedConnection().createSession();
        MessageConsumer one = s1.createSharedDurableConsumer(t, name);
        MessageConsumer two = s2.createSharedDurableConsumer(t, name);
        sendTexts(t, numbered("m", 20));
        List<String> all = new ArrayList<>(texts(drain(one)));
        all.addAll(texts(drain(two)));
        assertThat(all).containsExactlyInAnyOrder(numbered("m", 20));
        one.close();
        two.close();
        sendTexts(t, "kept");
        MessageConsumer again = s1.createSharedDurableConsumer(t, name);
        assertThat(text(again.receive(RECEIVE_MS))).isEqualTo("kept");
        again.close();
        s1.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.4 a shared durable consumer with another topic or selector while active is refused")
    void sharedDurableMismatch() throws Exception {
        Topic t = topic("sd-mismatch");
        String name = tck.uniqueId("sd");
        Session s = startedConnection().createSession();
        MessageConsumer active = s.createSharedDurableConsumer(t, name);
        assertThatThrownBy(() -> s.createSharedDurableConsumer(topic("other"), name))
                .isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> s.createSharedDurableConsumer(t, name, "size > 1"))
                .isInstanceOf(JMSException.class);
        active.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("8.3.1 noLocal: a consumer does not get messages sent on its own connection")
    void noLocal() throws Exception {
        Topic t = topic("nolocal");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer noLocal = s.createConsumer(t, null, true);
        MessageConsumer local = s.createConsumer(t, null, false);
        s.createProducer(t).send(s.createTextMessage("own"));
        sendTexts(t, "foreign");
        assertThat(texts(receive(local, 2))).containsExactly("own", "foreign");
        assertThat(texts(drain(noLocal))).containsExactly("foreign");
    }

    @Test
    @DisplayName("8.3.3 noLocal on a durable subscription: messages of its own connection are not kept")
    void durableNoLocal() throws Exception {
        Topic t = topic("durable-nolocal");
        String name = tck.uniqueId("durable");
        Connection c = withClientId();
        Session s = c.createSession();
        MessageConsumer d = s.createDurableConsumer(t, name, null, true);
        s.createProducer(t).send(s.createTextMessage("own"));
        sendTexts(t, "foreign");
        assertThat(texts(drain(d))).containsExactly("foreign");
        d.close();
        s.unsubscribe(name);
    }

    @Test
    @DisplayName("4.2.4 subscription names of 128 characters from the allowed set are accepted")
    void longSubscriptionName() throws Exception {
        Topic t = topic("long-name");
        String prefix = "Ab9_.-" + tck.uniqueId("n");
        String name = prefix + "x".repeat(128 - prefix.length());
        assertThat(name).hasSize(128);
        Session s = startedConnection().createSession();
        MessageConsumer c = s.createSharedDurableConsumer(t, name);
        sendTexts(t, "long");
        Message m = c.receive(RECEIVE_MS);
        assertThat(text(m)).isEqualTo("long");
        c.close();
        s.unsubscribe(name);
    }
}
