package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 2.8 (simplified API) with 6.1/6.2 for JMSContext, 7.10 (JMSProducer) and 8.6 (receiveBody). */
@DisplayName("2.8 Simplified API")
class SimplifiedApiIT extends TckTestBase {

    @Test
    @DisplayName("2.8.2 a JMSContext is AUTO_ACKNOWLEDGE by default and starts with its first consumer")
    void contextDefaults() {
        JMSContext ctx = context();
        assertThat(ctx.getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
        assertThat(ctx.getTransacted()).isFalse();
        assertThat(ctx.getAutoStart()).isTrue();
        Queue q = queue("ctx");
        ctx.createProducer().send(q, "hello");
        assertThat(ctx.createConsumer(q).receiveBody(String.class, RECEIVE_MS)).isEqualTo("hello");
    }

    @Test
    @DisplayName("8.6 receiveBody returns the body of each message type")
    void bodies() {
        JMSContext ctx = context();
        Queue q = queue("bodies");
        JMSProducer p = ctx.createProducer();
        p.send(q, "text");
        p.send(q, Map.of("k", 1));
        p.send(q, new byte[] {1, 2});
        p.send(q, (java.io.Serializable) Long.valueOf(7));
        JMSConsumer c = ctx.createConsumer(q);
        assertThat(c.receiveBody(String.class, RECEIVE_MS)).isEqualTo("text");
        assertThat(c.receiveBody(Map.class, RECEIVE_MS)).isEqualTo(Map.of("k", 1));
        assertThat(c.receiveBody(byte[].class, RECEIVE_MS)).containsExactly(1, 2);
        assertThat(c.receiveBody(Long.class, RECEIVE_MS)).isEqualTo(7L);
        assertThat(c.receiveBodyNoWait(String.class)).isNull();
    }

    @Test
    @DisplayName("8.6 receiveBody with a wrong type throws MessageFormatRuntimeException and keeps the message (AUTO)")
    void receiveBodyWrongType() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("body-type");
        ctx.createProducer().send(q, "a string");
        JMSConsumer c = ctx.createConsumer(q);
        assertThatThrownBy(() -> c.receiveBody(Integer.class, RECEIVE_MS))
                .isInstanceOf(MessageFormatRuntimeException.class);
        Message again = c.receive(RECEIVE_MS);
        assertThat(again.getBody(String.class)).isEqualTo("a string");
        assertThat(again.getJMSRedelivered()).as("not a redelivery").isFalse();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    @DisplayName("8.6 receiveBody with a wrong type in CLIENT_ACKNOWLEDGE counts as received")
    void receiveBodyWrongTypeClientAcknowledge() {
        JMSContext ctx = context(JMSContext.CLIENT_ACKNOWLEDGE);
        Queue q = queue("body-type-client");
        sendContextText(q, "first");
        sendContextText(q, "second");
        JMSConsumer c = ctx.createConsumer(q);
        assertThatThrownBy(() -> c.receiveBody(Integer.class, RECEIVE_MS))
                .isInstanceOf(MessageFormatRuntimeException.class);
        assertThat(c.receiveBody(String.class, RECEIVE_MS)).isEqualTo("second");
        ctx.acknowledge();
    }

    @Test
    @DisplayName("8.6 receiveBody of a StreamMessage throws MessageFormatRuntimeException and keeps it (AUTO)")
    void receiveBodyOfStreamMessage() {
        JMSContext ctx = context();
        Queue q = queue("stream-body");
        ctx.createProducer().send(q, ctx.createStreamMessage());
        JMSConsumer c = ctx.createConsumer(q);
        assertThatThrownBy(() -> c.receiveBody(Object.class, RECEIVE_MS))
                .isInstanceOf(MessageFormatRuntimeException.class);
        assertThat(c.receive(RECEIVE_MS)).isInstanceOf(jakarta.jms.StreamMessage.class);
    }

    @Test
    @DisplayName("8.6 receiveBody of a message without a body throws MessageFormatRuntimeException")
    void receiveBodyWithoutBody() {
        JMSContext ctx = context();
        Queue q = queue("no-body");
        JMSProducer p = ctx.createProducer();
        p.send(q, ctx.createMessage());
        p.send(q, ctx.createTextMessage());
        JMSConsumer c = ctx.createConsumer(q);
        for (String kind : new String[] {"a Message", "a TextMessage with null text"}) {
            assertThatThrownBy(() -> c.receiveBody(Object.class, RECEIVE_MS))
                    .as(kind)
                    .isInstanceOf(MessageFormatRuntimeException.class);
            assertThat(c.receive(RECEIVE_MS))
                    .as("%s stays to be received", kind)
                    .isNotNull();
        }
    }

    @Test
    @DisplayName("7.5 JMSProducer refuses a null or empty property name with IllegalArgumentException")
    void producerPropertyNames() {
        JMSProducer p = context().createProducer();
        assertThatThrownBy(() -> p.setProperty(null, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.setProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.setProperty("p", new java.util.Date()))
                .isInstanceOf(MessageFormatRuntimeException.class);
    }

    @Test
    @DisplayName("7.4 JMSProducer refuses an invalid priority or delivery mode; a null destination is invalid")
    void producerOptionChecks() {
        JMSContext ctx = context();
        JMSProducer p = ctx.createProducer();
        assertThatThrownBy(() -> p.setPriority(10)).isInstanceOf(JMSRuntimeException.class);
        assertThatThrownBy(() -> p.setPriority(-1)).isInstanceOf(JMSRuntimeException.class);
        assertThatThrownBy(() -> p.setDeliveryMode(0)).isInstanceOf(JMSRuntimeException.class);
        assertThatThrownBy(() -> p.send(null, "x")).isInstanceOf(InvalidDestinationRuntimeException.class);
    }

    @Test
    @DisplayName("8.3.1 JMSContext noLocal consumer does not get messages of its own connection")
    void contextNoLocal() {
        JMSContext ctx = context();
        Topic t = topic("ctx-nolocal");
        JMSConsumer noLocal = ctx.createConsumer(t, null, true);
        JMSConsumer all = ctx.createConsumer(t);
        ctx.createProducer().send(t, "own");
        try (JMSContext other = tck.factory().createContext()) {
            other.createProducer().send(t, "foreign");
        }
        assertThat(all.receiveBody(String.class, RECEIVE_MS)).isEqualTo("own");
        assertThat(all.receiveBody(String.class, RECEIVE_MS)).isEqualTo("foreign");
        assertThat(noLocal.receiveBody(String.class, RECEIVE_MS)).isEqualTo("foreign");
        assertThat(noLocal.receive(ABSENT_MS)).isNull();
    }

    @Test
    @DisplayName("7.10 JMSProducer setters chain and apply to every message it sends")
    void producerChaining() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("chain");
        Queue replyTo = queue("chain-reply");
        JMSProducer p = ctx.createProducer();
        assertThat(p.setProperty("color", "red")
                        .setProperty("size", 3)
                        .setJMSCorrelationID("corr")
                        .setJMSType("type")
                        .setJMSReplyTo(replyTo)
                        .setPriority(6)
                        .setDeliveryMode(DeliveryMode.NON_PERSISTENT))
                .isSameAs(p);
        assertThat(p.getStringProperty("size"))
                .as("JMSProducer properties convert like message ones")
                .isEqualTo("3");
        assertThat(p.getPropertyNames()).contains("color", "size");
        p.send(q, "one").send(q, "two");
        JMSConsumer c = ctx.createConsumer(q);
        for (String body : new String[] {"one", "two"}) {
            Message m = c.receive(RECEIVE_MS);
            assertThat(((TextMessage) m).getText()).isEqualTo(body);
            assertThat(m.getStringProperty("color")).isEqualTo("red");
            assertThat(m.getIntProperty("size")).isEqualTo(3);
            assertThat(m.getJMSCorrelationID()).isEqualTo("corr");
            assertThat(m.getJMSType()).isEqualTo("type");
            assertThat(m.getJMSReplyTo()).isEqualTo(replyTo);
            assertThat(m.getJMSPriority()).isEqualTo(6);
            assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        }
        p.clearProperties();
        assertThat(p.propertyExists("color")).isFalse();
    }

    @Test
    @DisplayName("7.4 JMSProducer delivery options: time to live, delivery delay, disabled timestamp")
    void producerDeliveryOptions() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("ctx-options");
        JMSProducer p = ctx.createProducer().setTimeToLive(60_000).setDeliveryDelay(100);
        assertThat(p.getTimeToLive()).isEqualTo(60_000);
        assertThat(p.getDeliveryDelay()).isEqualTo(100);
        p.send(q, "timed");
        JMSConsumer consumer = ctx.createConsumer(q);
        Message m = consumer.receive(RECEIVE_MS);
        assertThat(m.getJMSExpiration()).isEqualTo(m.getJMSTimestamp() + 60_000);
        assertThat(m.getJMSDeliveryTime()).isEqualTo(m.getJMSTimestamp() + 100);
        JMSProducer untimed = ctx.createProducer().setDisableMessageTimestamp(true);
        assertThat(untimed.getDisableMessageTimestamp()).isTrue();
        untimed.send(q, "untimed");
        assertThat(consumer.receive(RECEIVE_MS).getJMSTimestamp()).isZero();
    }

    @Test
    @DisplayName("7.3 JMSProducer.setAsync sends asynchronously and calls the CompletionListener")
    void asyncProducer() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("ctx-async");
        CompletableFuture<Message> done = new CompletableFuture<>();
        ctx.createProducer()
                .setAsync(new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        done.complete(message);
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        done.completeExceptionally(exception);
                    }
                })
                .send(q, "async");
        assertThat(done.get(RECEIVE_MS, TimeUnit.MILLISECONDS).getBody(String.class))
                .isEqualTo("async");
        assertThat(ctx.createConsumer(q).receiveBody(String.class, RECEIVE_MS)).isEqualTo("async");
    }

    @Test
    @DisplayName("2.8.2 setAutoStart(false) keeps the context stopped until start()")
    void autoStartOff() {
        Queue q = queue("autostart");
        sendContextText(q, "waiting");
        JMSContext ctx = context();
        ctx.setAutoStart(false);
        JMSConsumer c = ctx.createConsumer(q);
        assertThat(c.receive(ABSENT_MS)).isNull();
        ctx.start();
        assertThat(c.receiveBody(String.class, RECEIVE_MS)).isEqualTo("waiting");
    }

    private void sendContextText(Queue q, String text) {
        try (JMSContext ctx = tck.factory().createContext()) {
            ctx.createProducer().send(q, text);
        }
    }

    @Test
    @DisplayName("6.2 createContext(mode) makes a context on the same connection; CLIENT_ACKNOWLEDGE via acknowledge()")
    void childContextClientAcknowledge() throws Exception {
        Queue q = queue("ctx-client");
        sendContextText(q, "a");
        JMSContext parent = context();
        String id = tck.uniqueId("ctx");
        parent.setClientID(id);
        JMSContext child = closeLater(parent.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        assertThat(child.getClientID()).isEqualTo(id);
        assertThat(child.getSessionMode()).isEqualTo(JMSContext.CLIENT_ACKNOWLEDGE);
        JMSConsumer consumer = child.createConsumer(q);
        assertThat(consumer.receiveBody(String.class, RECEIVE_MS)).isEqualTo("a");
        child.recover();
        Message m = consumer.receive(RECEIVE_MS);
        assertThat(m).isNotNull();
        assertThat(m.getJMSRedelivered()).isTrue();
        child.acknowledge();
        child.close();
        try (JMSContext check = tck.factory().createContext()) {
            assertThat(check.createConsumer(q).receive(ABSENT_MS)).isNull();
        }
    }

    @Test
    @DisplayName("2.8.2 shared and durable subscriptions through JMSContext")
    void contextSubscriptions() {
        Topic t = topic("ctx-sub");
        JMSContext ctx = context();
        String name = tck.uniqueId("ctx-sd");
        JMSConsumer shared = ctx.createSharedDurableConsumer(t, name);
        shared.close();
        ctx.createProducer().send(t, "kept");
        JMSConsumer again = ctx.createSharedDurableConsumer(t, name);
        assertThat(again.receiveBody(String.class, RECEIVE_MS)).isEqualTo("kept");
        again.close();
        ctx.unsubscribe(name);
        JMSConsumer nonDurable = ctx.createSharedConsumer(t, tck.uniqueId("ctx-s"));
        ctx.createProducer().send(t, "live");
        assertThat(nonDurable.receiveBody(String.class, RECEIVE_MS)).isEqualTo("live");
    }

    @Test
    @DisplayName("2.8.2 temporary queues and browsers through JMSContext")
    void contextTemporaryAndBrowser() throws Exception {
        JMSContext ctx = context();
        Queue temp = ctx.createTemporaryQueue();
        ctx.createProducer().send(temp, "t1");
        assertThat(ctx.createBrowser(temp).getEnumeration().hasMoreElements()).isTrue();
        assertThat(ctx.createConsumer(temp).receiveBody(String.class, RECEIVE_MS))
                .isEqualTo("t1");
    }

    @Test
    @DisplayName("10.2 the simplified API throws the runtime counterparts of the checked exceptions")
    void runtimeExceptions() {
        JMSContext ctx = context();
        String id = tck.uniqueId("ctx-dup");
        ctx.setClientID(id);
        JMSContext other = context();
        assertThatThrownBy(() -> other.setClientID(id)).isInstanceOf(InvalidClientIDRuntimeException.class);
        assertThatThrownBy(() -> ctx.setClientID(id + "-again")).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(() -> ctx.createConsumer(queue("bad-sel"), "a ="))
                .isInstanceOf(InvalidSelectorRuntimeException.class);
        ConnectionFactory bad = tck.lookup(TckEnvironment.BAD_PASSWORD_FACTORY, ConnectionFactory.class);
        assertThatThrownBy(() -> closeLater(bad.createContext())).isInstanceOf(JMSSecurityRuntimeException.class);
    }

    @Test
    @DisplayName("6.1.8 a closed JMSContext throws IllegalStateRuntimeException; close is idempotent")
    void closedContext() {
        JMSContext ctx = context();
        ctx.close();
        ctx.close();
        assertThatThrownBy(() -> ctx.createConsumer(queue("closed-ctx")))
                .isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(ctx::createTextMessage).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    @DisplayName("6.1.5 stopping a JMSContext from its own MessageListener throws IllegalStateRuntimeException")
    void stopFromListener() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("ctx-stop-listener");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        ctx.createConsumer(q).setMessageListener(m -> {
            try {
                ctx.stop();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        sendContextText(q, "x");
        assertThat(outcome.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    @DisplayName("6.1.8 closing a JMSContext from its own MessageListener throws IllegalStateRuntimeException")
    void closeFromListener() throws Exception {
        JMSContext ctx = context();
        Queue q = queue("ctx-listener");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        ctx.createConsumer(q).setMessageListener(m -> {
            try {
                ctx.close();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        sendContextText(q, "x");
        assertThat(outcome.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalStateRuntimeException.class);
    }
}
