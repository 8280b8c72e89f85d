package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simplified API: JMSContext, JMSProducer, JMSConsumer and their runtime exceptions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JmsContextIT extends JmsTestBase {
    private final List<JMSContext> contexts = new ArrayList<>();

    private JMSContext context() {
        return track(broker.factory().createContext());
    }

    private JMSContext track(JMSContext c) {
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

    record Order(String id, int amount) implements Serializable {}

    @Test
    void bodiesOfEveryKindTravelAndReceiveBodyReturnsThem() {
        SluiceConnectionFactory factory = broker.factory();
        factory.set("objectMessageAllowList", "java.lang.*,java.util.**,io.sluice.jms.*");
        JMSContext ctx = track(factory.createContext());
        Queue q = ctx.createQueue(name("bodies"));
        JMSProducer p = ctx.createProducer();
        p.send(q, "text").send(q, Map.of("k", 7)).send(q, new byte[] {1, 2, 3}).send(q, new Order("o-1", 5));
        JMSConsumer consumer = ctx.createConsumer(q);
        assertThat(consumer.receiveBody(String.class, 5000)).isEqualTo("text");
        assertThat(consumer.receiveBody(Map.class, 5000)).containsEntry("k", 7);
        assertThat(consumer.receiveBody(byte[].class, 5000)).containsExactly(1, 2, 3);
        assertThat(consumer.receiveBody(Order.class, 5000)).isEqualTo(new Order("o-1", 5));
        assertThat(consumer.receiveBodyNoWait(String.class)).isNull();

        JMSContext strict = context();
        Queue other = strict.createQueue(name("not-allowed"));
        strict.createProducer().send(other, new Order("o-2", 1));
        assertThatThrownBy(() -> strict.createConsumer(other).receiveBody(Order.class, 5000))
                .isInstanceOf(MessageFormatRuntimeException.class)
                .hasMessageContaining("cannot be assigned");
    }

    @Test
    void aBodyOfTheWrongTypeStaysFirstInLineInAutoMode() {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("wrong-body"));
        ctx.createProducer().send(q, "a string").send(q, "second");
        JMSConsumer consumer = ctx.createConsumer(q);
        assertThatThrownBy(() -> consumer.receiveBody(Integer.class, 5000))
                .isInstanceOf(MessageFormatRuntimeException.class);
        assertThat(consumer.receiveBody(String.class, 5000)).isEqualTo("a string");
        assertThat(consumer.receiveBody(String.class, 5000)).isEqualTo("second");
    }

    @Test
    void producerPropertiesAndHeadersAreSetOnEveryMessage() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("props"));
        Queue reply = ctx.createQueue(name("reply"));
        JMSProducer p = ctx.createProducer()
                .setProperty("region", "north")
                .setProperty("count", 3)
                .setJMSCorrelationID("c-1")
                .setJMSType("order")
                .setJMSReplyTo(reply)
                .setPriority(6)
                .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                .setTimeToLive(60_000);
        assertThat(p.getPropertyNames()).containsExactlyInAnyOrder("region", "count");
        assertThat(p.getLongProperty("count")).isEqualTo(3);
        assertThat(p.getStringProperty("count")).isEqualTo("3");
        assertThatThrownBy(() -> p.getBooleanProperty("count")).isInstanceOf(MessageFormatRuntimeException.class);
        assertThatThrownBy(() -> p.setProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.setProperty("x", new Object())).isInstanceOf(MessageFormatRuntimeException.class);
        assertThatThrownBy(() -> p.setPriority(11)).isInstanceOf(JMSRuntimeException.class);
        assertThatThrownBy(() -> p.setDeliveryMode(7)).isInstanceOf(JMSRuntimeException.class);
        p.send(q, "with headers");
        Message m = ctx.createConsumer(q).receive(5000);
        assertThat(m.getStringProperty("region")).isEqualTo("north");
        assertThat(m.getIntProperty("count")).isEqualTo(3);
        assertThat(m.getJMSCorrelationID()).isEqualTo("c-1");
        assertThat(m.getJMSType()).isEqualTo("order");
        assertThat(m.getJMSReplyTo()).isEqualTo(reply);
        assertThat(m.getJMSPriority()).isEqualTo(6);
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(m.getJMSExpiration()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void asyncSendsCallBackOnTheContextsSessionThread() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("ctx-async"));
        CompletableFuture<String> done = new CompletableFuture<>();
        ctx.createProducer()
                .setAsync(new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        try {
                            ctx.close();
                            done.complete("close allowed");
                        } catch (IllegalStateRuntimeException e) {
                            done.complete(Thread.currentThread().getName());
                        }
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        done.completeExceptionally(exception);
                    }
                })
                .send(q, "async");
        assertThat(done.get(10, TimeUnit.SECONDS)).startsWith("sluice-session-");
        assertThat(ctx.createConsumer(q).receiveBody(String.class, 5000)).isEqualTo("async");
    }

    @Test
    void contextsMadeFromAContextShareItsConnectionUntilTheLastCloses() {
        JMSContext first = context();
        String id = name("shared");
        first.setClientID(id);
        JMSContext second = track(first.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        assertThat(second.getClientID()).isEqualTo(id);
        assertThat(second.getSessionMode()).isEqualTo(JMSContext.CLIENT_ACKNOWLEDGE);
        Queue q = first.createQueue(name("shared-q"));
        first.close();
        assertThatThrownBy(() -> first.createProducer()).isInstanceOf(IllegalStateRuntimeException.class);
        second.createProducer().send(q, "still open");
        JMSConsumer consumer = second.createConsumer(q);
        Message m = consumer.receive(5000);
        assertThat(m).isNotNull();
        second.acknowledge();
        second.close();
        JMSContext third = context();
        third.setClientID(id);
        assertThat(third.createConsumer(q).receiveNoWait()).isNull();
    }

    @Test
    void autoStartOffDeliversOnlyAfterStart() {
        JMSContext ctx = context();
        ctx.setAutoStart(false);
        assertThat(ctx.getAutoStart()).isFalse();
        Queue q = ctx.createQueue(name("autostart"));
        ctx.createProducer().send(q, "waiting");
        JMSConsumer consumer = ctx.createConsumer(q);
        assertThat(consumer.receive(300)).isNull();
        ctx.start();
        assertThat(consumer.receiveBody(String.class, 5000)).isEqualTo("waiting");
    }

    @Test
    void listenersRunAndMayNotCloseOrStopTheirContext() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("ctx-listener"));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch got = new CountDownLatch(1);
        ctx.createConsumer(q).setMessageListener(m -> {
            seen.add(refusal(ctx::close));
            seen.add(refusal(ctx::stop));
            got.countDown();
        });
        ctx.createProducer().send(q, "x");
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("IllegalStateRuntimeException", "IllegalStateRuntimeException");
    }

    @Test
    void aCompletionListenerMayStopItsOwnContextAndDeliveryWaitsForStart() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("ctx-completion-stop"));
        JMSConsumer consumer = ctx.createConsumer(q); // starts the context
        CompletableFuture<String> stop = new CompletableFuture<>();
        ctx.createProducer()
                .setAsync(new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        stop.complete(refusal(ctx::stop));
                    }

                    @Override
                    public void onException(Message message, Exception e) {
                        stop.complete("send failed: " + e);
                    }
                })
                .send(q, "stopped by its completion");
        assertThat(stop.get(10, TimeUnit.SECONDS)).isEqualTo("allowed");
        assertThat(consumer.receive(300)).isNull();
        ctx.start();
        assertThat(consumer.receiveBody(String.class, 5000)).isEqualTo("stopped by its completion");
    }

    private static String refusal(Runnable r) {
        try {
            r.run();
            return "allowed";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void misuseGivesTheRuntimeExceptionsTheSpecificationNames() {
        assertThatThrownBy(() -> broker.factory().createContext(99))
                .isInstanceOf(JMSRuntimeException.class)
                .hasMessageContaining("session mode 99");
        JMSContext ctx = context();
        Queue q = ctx.createQueue(name("misuse"));
        assertThatThrownBy(ctx::commit).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(ctx::rollback).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(() -> ctx.createProducer().send(null, "x"))
                .isInstanceOf(InvalidDestinationRuntimeException.class);
        assertThatThrownBy(() -> ctx.createConsumer(null)).isInstanceOf(InvalidDestinationRuntimeException.class);
        assertThatThrownBy(() -> ctx.createConsumer(q, "a ="))
                .isInstanceOf(InvalidSelectorRuntimeException.class)
                .hasMessageContaining("column");
        assertThatThrownBy(() -> ctx.createProducer().send(q, (Message) null))
                .isInstanceOf(MessageFormatRuntimeException.class);
        assertThatThrownBy(() -> ctx.createDurableConsumer(ctx.createTopic(name("t")), "d"))
                .isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(() -> ctx.setClientID("late")).isInstanceOf(IllegalStateRuntimeException.class);

        JMSContext holder = context();
        String id = name("held");
        holder.setClientID(id);
        assertThatThrownBy(() -> context().setClientID(id)).isInstanceOf(InvalidClientIDRuntimeException.class);

        ctx.close();
        ctx.close();
        assertThatThrownBy(() -> ctx.createQueue("q")).isInstanceOf(IllegalStateRuntimeException.class);
        assertThatThrownBy(ctx::createTextMessage).isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void recoverAndClientAcknowledgeWorkThroughTheContext() throws Exception {
        JMSContext ctx = track(broker.factory().createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        Queue q = ctx.createQueue(name("ctx-recover"));
        ctx.createProducer().send(q, "one").send(q, "two");
        JMSConsumer consumer = ctx.createConsumer(q);
        assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("one");
        ctx.recover();
        Message again = consumer.receive(5000);
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(consumer.receive(5000)).isNotNull();
        ctx.acknowledge();
        ctx.recover();
        assertThat(consumer.receive(300)).isNull();
    }
}
