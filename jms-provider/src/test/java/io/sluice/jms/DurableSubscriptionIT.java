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
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Durable, shared and shared durable subscriptions; unsubscribe; resuming after restarts. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DurableSubscriptionIT extends JmsTestBase {

    private Connection withClientId(String clientId) throws JMSException {
        Connection c = connection();
        c.setClientID(clientId);
        return c;
    }

    private void publish(Topic t, String... texts) throws JMSException {
        Connection c = connection();
        send(c.createSession(), t, texts);
        c.close();
    }

    @Test
    void aDurableSubscriptionKeepsWhatIsPublishedWhileItsClientIsAway() throws JMSException {
        String clientId = name("durable-client");
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("durable"));
        Connection c = withClientId(clientId);
        Session s = c.createSession();
        TopicSubscriber sub = s.createDurableSubscriber(t, "sub");
        assertThat(sub.getTopic()).isEqualTo(t);
        assertThat(sub.getNoLocal()).isFalse();
        c.start();
        publish(t, "1");
        assertThat(texts(drain(sub, 300))).containsExactly("1");
        c.close();

        publish(t, "2", "3");
        Connection again = withClientId(clientId);
        MessageConsumer resumed = again.createSession().createDurableConsumer(t, "sub");
        again.start();
        assertThat(texts(drain(resumed, 300))).containsExactly("2", "3");
    }

    @Test
    void aDurableSubscriptionAndItsDeliveryCountsSurviveABrokerRestart() throws JMSException {
        String clientId = name("restart-client");
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("restart"));
        Connection c = withClientId(clientId);
        Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer sub = s.createDurableConsumer(t, "sub");
        c.start();
        publish(t, "seen", "unseen");
        Message seen = sub.receive(5000);
        assertThat(seen).isNotNull();
        c.close();
        publish(t, "while away");

        broker.restart();

        Connection again = withClientId(clientId);
        MessageConsumer resumed = again.createSession().createDurableConsumer(t, "sub");
        again.start();
        List<Message> got = drain(resumed, 500);
        assertThat(texts(got)).containsExactly("seen", "unseen", "while away");
        assertThat(got.get(0).getJMSRedelivered()).isTrue();
        assertThat(got.get(0).getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(got.get(2).getJMSRedelivered()).isFalse();
    }

    @Test
    void unsubscribeDeletesAnInactiveSubscriptionAndRefusesOtherwise() throws JMSException {
        String clientId = name("unsub-client");
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("unsub"));
        Connection c = withClientId(clientId);
        Session s = c.createSession();
        MessageConsumer sub = s.createDurableConsumer(t, "sub");
        assertThatThrownBy(() -> s.unsubscribe("sub")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.unsubscribe("never-created")).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> s.createDurableConsumer(t, "sub"))
                .as("an unshared durable subscription has one consumer at a time")
                .isInstanceOf(IllegalStateException.class);
        sub.close();
        publish(t, "kept");
        s.unsubscribe("sub");
        c.start();
        assertThat(s.createDurableConsumer(t, "sub").receive(300)).isNull();
    }

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws JMSException {
        Session s = connection().createSession();
        Topic t = s.createTopic(name("no-client-id"));
        assertThatThrownBy(() -> s.createDurableConsumer(t, "sub")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.createDurableConsumer(t, "")).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> s.createDurableConsumer(s.createTemporaryTopic(), "sub"))
                .isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void sharedDurableConsumersSplitTheMessagesAndTheSubscriptionOutlivesThem() throws JMSException {
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("shared-durable"));
        Connection c1 = connection();
        Connection c2 = connection();
        MessageConsumer a = c1.createSession().createSharedDurableConsumer(t, "workers");
        MessageConsumer b = c2.createSession().createSharedDurableConsumer(t, "workers");
        c1.start();
        c2.start();
        String[] texts = new String[40];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = Integer.toString(i);
        }
        publish(t, texts);
        List<String> all = new ArrayList<>(texts(drain(a, 300)));
        all.addAll(texts(drain(b, 300)));
        assertThat(all).containsExactlyInAnyOrder(texts);
        a.close();
        b.close();
        publish(t, "while nobody listens");
        MessageConsumer later = c1.createSession().createSharedDurableConsumer(t, "workers");
        assertThat(texts(drain(later, 300))).containsExactly("while nobody listens");
        later.close();
        c1.createSession().unsubscribe("workers");
    }

    @Test
    void aSharedNonDurableSubscriptionEndsWithItsLastConsumer() throws JMSException {
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("shared"));
        Connection c = connection();
        Session s = c.createSession();
        MessageConsumer a = s.createSharedConsumer(t, "group");
        Connection oc = connection();
        Session other = oc.createSession();
        assertThatThrownBy(() -> other.createSharedConsumer(t, "group", "n > 0"))
                .as("the selector belongs to the subscription, which has a consumer")
                .isInstanceOf(IllegalStateException.class);
        MessageConsumer b = other.createSharedConsumer(t, "group");
        c.start();
        oc.start();
        publish(t, "x", "y");
        List<String> both = new ArrayList<>(texts(drain(a, 300)));
        both.addAll(texts(drain(b, 300)));
        assertThat(both).containsExactlyInAnyOrder("x", "y");
        a.close();
        b.close();
        publish(t, "gone");
        MessageConsumer fresh = s.createSharedConsumer(t, "group");
        assertThat(fresh.receive(300)).isNull();
    }

    @Test
    void aDurableNoLocalSubscriberSkipsMessagesOfItsOwnClientId() throws JMSException {
        String clientId = name("nolocal-client");
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("nolocal"));
        Connection c = withClientId(clientId);
        Session s = c.createSession();
        TopicSubscriber sub = s.createDurableSubscriber(t, "sub", null, true);
        assertThat(sub.getNoLocal()).isTrue();
        MessageProducer own = s.createProducer(t);
        own.send(s.createTextMessage("own"));
        publish(t, "remote");
        c.start();
        assertThat(texts(drain(sub, 300))).containsExactly("remote");
    }

    @Test
    void changingTheSelectorOfAnInactiveDurableSubscriptionReplacesIt() throws JMSException {
        String clientId = name("selector-client");
        Topic t = new io.sluice.jms.destination.SluiceTopic(name("reselect"));
        Connection c = withClientId(clientId);
        Session s = c.createSession();
        MessageConsumer first = s.createDurableConsumer(t, "sub", "colour = 'red'", false);
        first.close();
        Connection p = connection();
        Session ps = p.createSession();
        MessageProducer producer = ps.createProducer(t);
        Message red = ps.createTextMessage("red");
        red.setStringProperty("colour", "red");
        producer.send(red);
        MessageConsumer second = s.createDurableConsumer(t, "sub", "colour = 'blue'", false);
        Message blue = ps.createTextMessage("blue");
        blue.setStringProperty("colour", "blue");
        producer.send(blue);
        producer.send(red);
        c.start();
        assertThat(texts(drain(second, 300))).containsExactly("blue");
    }
}
