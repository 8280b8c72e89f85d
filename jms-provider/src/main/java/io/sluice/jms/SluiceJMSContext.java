package io.sluice.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;

/**
 * The simplified API: a connection (shared with the contexts made by {@link #createContext}) and
 * one session, created on first use so that {@link #setClientID} still works right after the
 * context was made. Consumers start the connection when {@link #getAutoStart()} is true (the
 * default). Every {@link JMSException} becomes its {@link JMSRuntimeException} counterpart
 * ({@link JmsExceptions#toRuntime}).
 *
 * <p>Thread-safe where JMS requires it ({@code close}, {@code createContext}); otherwise used by one
 * thread of control, like a session.
 */
public final class SluiceJMSContext implements JMSContext {
    private final SharedConnection shared;
    private final SluiceConnection connection;
    private final int sessionMode;
    private final Object lock = new Object();
    private SluiceSession session;
    private SluiceJMSProducer.Sender sender;
    /** Volatile: read when consumers are created, set by the application. */
    private volatile boolean autoStart = true;
    /** Volatile: close may come from another thread. */
    private volatile boolean closed;

    SluiceJMSContext(SharedConnection shared, int sessionMode) {
        this.shared = shared;
        this.connection = shared.connection();
        this.sessionMode = sessionMode;
    }

    /**
     * @throws JMSRuntimeException for an unknown session mode
     */
    static void checkSessionMode(int sessionMode) {
        if (sessionMode != JMSContext.SESSION_TRANSACTED
                && sessionMode != JMSContext.AUTO_ACKNOWLEDGE
                && sessionMode != JMSContext.CLIENT_ACKNOWLEDGE
                && sessionMode != JMSContext.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + sessionMode
                    + " is none of SESSION_TRANSACTED (0), AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2),"
                    + " DUPS_OK_ACKNOWLEDGE (3)");
        }
    }

    SluiceSession session() {
        synchronized (lock) {
            checkOpen();
            if (session == null) {
                try {
                    session = connection.createSession(false, sessionMode, SluiceSession.Domain.GENERIC);
                } catch (JMSException e) {
                    throw JmsExceptions.toRuntime(e);
                }
            }
            return session;
        }
    }

    /** The send path of this context's JMSProducers. */
    SluiceJMSProducer.Sender sender() {
        synchronized (lock) {
            if (sender == null) {
                sender = new SluiceJMSProducer.Sender(session());
            }
            return sender;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw JmsExceptions.toRuntime(JmsExceptions.illegalState("the JMSContext is closed"));
        }
    }

    @FunctionalInterface
    private interface JmsCall<T> {
        T call() throws JMSException;
    }

    private static <T> T run(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }

    // ---- contexts and connection

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode);
        run(() -> {
            shared.acquire();
            return null;
        });
        return new SluiceJMSContext(shared, sessionMode);
    }

    @Override
    public JMSProducer createProducer() {
        checkOpen();
        return new SluiceJMSProducer(this);
    }

    @Override
    public String getClientID() {
        checkOpen();
        return run(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        run(() -> {
            connection.setClientID(clientID);
            return null;
        });
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        return run(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        return run(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        run(() -> {
            connection.setExceptionListener(listener);
            return null;
        });
    }

    @Override
    public void start() {
        checkOpen();
        run(() -> {
            connection.start();
            return null;
        });
    }

    @Override
    public void stop() {
        checkOpen();
        run(() -> {
            connection.stop();
            return null;
        });
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    /**
     * Closes the session and, with the last context sharing it, the connection.
     *
     * @throws jakarta.jms.IllegalStateRuntimeException if called from a listener of this context
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        SluiceSession s;
        synchronized (lock) {
            s = session;
        }
        if (s != null && (s.isDispatcherThread() || AsyncSends.currentCallbackSession() == s)) {
            throw JmsExceptions.toRuntime(JmsExceptions.illegalState(
                    "close() was called from a MessageListener or CompletionListener of this JMSContext"));
        }
        run(() -> {
            if (s != null) {
                s.close();
            }
            closed = true;
            shared.release();
            return null;
        });
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() {
        return run(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return run(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return run(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return run(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return run(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return run(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return run(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return run(() -> session().createTextMessage(text));
    }

    // ---- session state

    @Override
    public boolean getTransacted() {
        checkOpen();
        return sessionMode == JMSContext.SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public void commit() {
        run(() -> {
            session().commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        run(() -> {
            session().rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        run(() -> {
            session().recover();
            return null;
        });
    }

    @Override
    public void acknowledge() {
        run(() -> {
            session().acknowledge();
            return null;
        });
    }

    // ---- consumers

    private JMSConsumer consumer(JmsCall<MessageConsumer> create) {
        SluiceMessageConsumer consumer = (SluiceMessageConsumer) run(create);
        if (autoStart) {
            start();
        }
        return new SluiceJMSConsumer(consumer);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> session().createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return run(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return run(() -> session().createBrowser(queue, messageSelector));
    }

    // ---- destinations

    @Override
    public Queue createQueue(String queueName) {
        return run(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return run(() -> session().createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return run(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return run(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        run(() -> {
            session().unsubscribe(name);
            return null;
        });
    }

    @Override
    public String toString() {
        return "SluiceJMSContext(" + connection + ", mode " + sessionMode + ")";
    }
}
