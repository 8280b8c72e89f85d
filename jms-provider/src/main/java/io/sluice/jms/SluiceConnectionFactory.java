package io.sluice.jms;

import io.sluice.jms.jndi.SluiceObjectFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * The entry point of the Sluice JMS provider: makes connections (and JMSContexts) to one broker,
 * configured by a URL and setters.
 *
 * <pre>{@code
 * ConnectionFactory factory = new SluiceConnectionFactory("sluice://broker:7676?user=app&password=secret");
 * try (Connection connection = factory.createConnection()) { ... }
 * }</pre>
 *
 * The URL keys are those of {@link ConnectionSettings} (see docs/jms.md); each setter changes one of
 * them. An unknown key or a bad value is refused at once with {@link IllegalArgumentException}.
 *
 * <p>Serializable and {@link Referenceable} (the reference carries the full URL, see {@link
 * SluiceObjectFactory}), so it can be bound in JNDI.
 *
 * <p>Thread-safe: the settings are an immutable value replaced by setters.
 */
public class SluiceConnectionFactory
        implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Referenceable, Serializable {
    private static final long serialVersionUID = 1L;

    /** Volatile: replaced by setters, read by every createConnection. */
    private volatile ConnectionSettings settings;

    /** A factory for {@value ConnectionSettings#DEFAULT_URL}. */
    public SluiceConnectionFactory() {
        this(ConnectionSettings.DEFAULT_URL);
    }

    /**
     * @throws IllegalArgumentException if the URL is malformed or has an unknown key or bad value
     */
    public SluiceConnectionFactory(String url) {
        this.settings = ConnectionSettings.parse(url);
    }

    public SluiceConnectionFactory(ConnectionSettings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    // ---- connections

    @Override
    public Connection createConnection() throws JMSException {
        return SluiceConnection.open(settings);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return SluiceConnection.open(withCredentials(userName, password));
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return SluiceConnection.open(settings);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return SluiceConnection.open(withCredentials(userName, password));
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return SluiceConnection.open(settings);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return SluiceConnection.open(withCredentials(userName, password));
    }

    private ConnectionSettings withCredentials(String userName, String password) {
        return settings.with(ConnectionSettings.USER, userName).with(ConnectionSettings.PASSWORD, password);
    }

    // ---- contexts

    @Override
    public JMSContext createContext() {
        return createContext(settings, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(settings, sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(withCredentials(userName, password), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return createContext(withCredentials(userName, password), sessionMode);
    }

    private static JMSContext createContext(ConnectionSettings settings, int sessionMode) {
        SluiceJMSContext.checkSessionMode(sessionMode);
        SluiceConnection connection;
        try {
            connection = SluiceConnection.open(settings);
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
        return new SluiceJMSContext(new SharedConnection(connection), sessionMode);
    }

    // ---- settings

    public ConnectionSettings getSettings() {
        return settings;
    }

    /** The URL, password masked. */
    public String getBrokerURL() {
        return settings.toString();
    }

    /** Points the factory at another broker URL; keys it carries replace those set before. */
    public void setBrokerURL(String url) {
        settings = settings.withAddress(url);
    }

    public String getUser() {
        return settings.user();
    }

    public void setUser(String user) {
        set(ConnectionSettings.USER, user);
    }

    public void setPassword(String password) {
        set(ConnectionSettings.PASSWORD, password);
    }

    public String getClientID() {
        return settings.clientId();
    }

    /** An administered client id for every connection of this factory. */
    public void setClientID(String clientId) {
        set(ConnectionSettings.CLIENT_ID, clientId);
    }

    public int getPrefetch() {
        return settings.prefetch();
    }

    public void setPrefetch(int prefetch) {
        set(ConnectionSettings.PREFETCH, Integer.toString(prefetch));
    }

    public int getSendTimeoutMs() {
        return settings.sendTimeoutMs();
    }

    public void setSendTimeoutMs(int sendTimeoutMs) {
        set(ConnectionSettings.SEND_TIMEOUT_MS, Integer.toString(sendTimeoutMs));
    }

    public boolean isBlockOnNonPersistentSend() {
        return settings.blockOnNonPersistentSend();
    }

    public void setBlockOnNonPersistentSend(boolean block) {
        set(ConnectionSettings.BLOCK_ON_NON_PERSISTENT_SEND, Boolean.toString(block));
    }

    public int getReconnectMaxAttempts() {
        return settings.reconnectMaxAttempts();
    }

    /** Attempts after a lost connection: -1 without limit (the default), 0 turns reconnection off. */
    public void setReconnectMaxAttempts(int attempts) {
        set(ConnectionSettings.RECONNECT_MAX_ATTEMPTS, Integer.toString(attempts));
    }

    public int getReconnectBackoffMs() {
        return settings.reconnectBackoffMs();
    }

    public void setReconnectBackoffMs(int backoffMs) {
        set(ConnectionSettings.RECONNECT_BACKOFF_MS, Integer.toString(backoffMs));
    }

    public int getReconnectBackoffMaxMs() {
        return settings.reconnectBackoffMaxMs();
    }

    public void setReconnectBackoffMaxMs(int backoffMaxMs) {
        set(ConnectionSettings.RECONNECT_BACKOFF_MAX_MS, Integer.toString(backoffMaxMs));
    }

    public int getReconnectTimeoutMs() {
        return settings.reconnectTimeoutMs();
    }

    public void setReconnectTimeoutMs(int timeoutMs) {
        set(ConnectionSettings.RECONNECT_TIMEOUT_MS, Integer.toString(timeoutMs));
    }

    public int getHeartbeatIntervalMs() {
        return settings.heartbeatIntervalMs();
    }

    public void setHeartbeatIntervalMs(int intervalMs) {
        set(ConnectionSettings.HEARTBEAT_INTERVAL_MS, Integer.toString(intervalMs));
    }

    public boolean isExceptionListenerOnLoss() {
        return settings.exceptionListenerOnLoss();
    }

    /** Whether the ExceptionListener also hears each loss (not only reconnection giving up). */
    public void setExceptionListenerOnLoss(boolean onLoss) {
        set(ConnectionSettings.EXCEPTION_LISTENER_ON_LOSS, Boolean.toString(onLoss));
    }

    /** Sets any URL key, e.g. {@code set("ackBatchSize", "128")}; null removes it (its default applies). */
    public void set(String key, String value) {
        settings = settings.with(key, value);
    }

    // ---- JNDI

    @Override
    public Reference getReference() throws NamingException {
        Reference ref = new Reference(getClass().getName(), SluiceObjectFactory.class.getName(), null);
        ref.add(new StringRefAddr(SluiceObjectFactory.URL_ADDRESS, settings.toUrl()));
        return ref;
    }

    @Override
    public String toString() {
        return "SluiceConnectionFactory(" + settings + ")";
    }
}
