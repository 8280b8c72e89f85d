package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chapter 7.3: asynchronous send. */
@DisplayName("7.3 Asynchronous send")
class AsyncSendIT extends TckTestBase {

    /** Records completions in order. */
    private static final class Recorder implements CompletionListener {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<Exception> failed = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch done;

        Recorder(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public void onCompletion(Message message) {
            try {
                threads.add(Thread.currentThread().getName());
                completed.add(text(message) + "|" + message.getJMSMessageID());
            } catch (Exception e) {
                failed.add(e);
            }
            done.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed.add(exception);
            done.countDown();
        }

        void await() throws InterruptedException {
            assertThat(done.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("7.3 onCompletion is called for an asynchronous send and the message is delivered")
    void completes() throws Exception {
        Queue q = queue("async");
        Session s = startedConnection().createSession();
        Recorder r = new Recorder(1);
        Message m = s.createTextMessage("async");
        s.createProducer(q).send(m, r);
        r.await();
        assertThat(r.failed).isEmpty();
        assertThat(r.completed).containsExactly("async|" + m.getJMSMessageID());
        assertThat(text(s.createConsumer(q).receive(RECEIVE_MS))).isEqualTo("async");
    }

    @Test
    @DisplayName("7.3.3 completion listeners are called in the order of the sends")
    void completionOrder() throws Exception {
        Queue q = queue("async-order");
        Session s = startedConnection().createSession();
        MessageProducer p = s.createProducer(q);
        Recorder r = new Recorder(100);
        for (String t : numbered("m", 100)) {
            p.send(s.createTextMessage(t), r);
        }
        r.await();
        assertThat(r.failed).isEmpty();
        assertThat(r.completed.stream().map(x -> x.substring(0, x.indexOf('|'))).toList())
                .containsExactly(numbered("m", 100));
        assertThat(texts(receive(s.createConsumer(q), 100))).containsExactly(numbered("m", 100));
    }

    @Test
    @DisplayName("7.3.4 close() waits until every incomplete asynchronous send has completed")
    void closeWaitsForCompletion() throws Exception {
        Queue q = queue("async-close");
        Connection c = connection();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(q);
        Recorder r = new Recorder(50);
        for (String t : numbered("m", 50)) {
            p.send(s.createTextMessage(t), r);
        }
        p.close();
        assertThat(r.done.getCount()).as("completions outstanding after close").isZero();
        assertThat(r.failed).isEmpty();
    }

    @Test
    @DisplayName("7.3.6 JMSMessageID, JMSTimestamp and JMSDestination are set when onCompletion runs")
    void headersSetOnCompletion() throws Exception {
        Queue q = queue("async-headers");
        Session s = startedConnection().createSession();
        CompletableFuture<Message> done = new CompletableFuture<>();
        s.createProducer(q).send(s.createTextMessage("h"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.completeExceptionally(exception);
            }
        });
        Message m = done.get(RECEIVE_MS, TimeUnit.MILLISECONDS);
        assertThat(m.getJMSMessageID()).startsWith("ID:");
        assertThat(m.getJMSTimestamp()).isPositive();
        assertThat(m.getJMSDestination()).isEqualTo(q);
    }

    @Test
    @DisplayName("7.3.7 a CompletionListener may not close its own producer, session or connection")
    void listenerMayNotClose() throws Exception {
        Queue q = queue("async-close-in-listener");
        Connection c = connection();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(q);
        AtomicReference<List<Throwable>> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        p.send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                List<Throwable> thrown = new CopyOnWriteArrayList<>();
                for (ThrowingRunnable action : List.<ThrowingRunnable>of(p::close, s::close, c::close)) {
                    try {
                        action.run();
                    } catch (Throwable t) {
                        thrown.add(t);
                    }
                }
                outcome.set(thrown);
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.countDown();
            }
        });
        assertThat(done.await(RECEIVE_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(outcome.get()).hasSize(3).allMatch(t -> t instanceof IllegalStateException);
    }

    /** An action that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @DisplayName("7.3.2 a send the broker refuses calls onException with the failure")
    void onException() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                tck.isInProcess(), "needs the in-process broker, whose grants the suite knows");
        Session s = connection().createSession();
        Queue forbidden = s.createQueue("forbidden." + tck.uniqueId("async"));
        CompletableFuture<Exception> failed = new CompletableFuture<>();
        Message m = s.createTextMessage("refused");
        try {
            s.createProducer(forbidden).send(m, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    failed.completeExceptionally(new AssertionError("the send was not refused"));
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failed.complete(exception);
                }
            });
        } catch (jakarta.jms.JMSSecurityException thrownAtOnce) {
            // 7.3.2 allows a failure found before the send is handed over to be thrown by send itself.
            failed.complete(thrownAtOnce);
        }
        assertThat(failed.get(RECEIVE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(jakarta.jms.JMSSecurityException.class);
    }

    @Test
    @DisplayName("7.3 a null CompletionListener is refused with IllegalArgumentException")
    void nullListener() throws Exception {
        Session s = connection().createSession();
        MessageProducer p = s.createProducer(queue("async-null"));
        assertThatThrownBy(() -> p.send(s.createTextMessage("x"), (CompletionListener) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("7.3.8 CompletionListeners run on a thread other than the sending one")
    void listenerThread() throws Exception {
        Session s = startedConnection().createSession();
        Recorder r = new Recorder(1);
        s.createProducer(queue("async-thread")).send(s.createTextMessage("t"), r);
        r.await();
        assertThat(r.threads).doesNotContain(Thread.currentThread().getName());
    }
}
