package io.sluice.jms.jndi;

import io.sluice.jms.ConnectionSettings;
import io.sluice.jms.SluiceConnectionFactory;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI provider for plain Java SE applications, configured the way ActiveMQ, Qpid JMS and Artemis
 * users know: in {@code jndi.properties} on the class path or in the environment given to {@code
 * new InitialContext(env)}.
 *
 * <pre>
 * java.naming.factory.initial = io.sluice.jms.jndi.SluiceInitialContextFactory
 * java.naming.provider.url    = sluice://localhost:7676        (the default broker URL)
 * connectionFactory.Orders    = sluice://broker:7676?user=app&amp;password=secret
 * connectionFactory.Local     =                                 (empty: the provider URL)
 * queue.jms/OrderQueue        = orders
 * topic.jms/PriceTopic        = prices
 * </pre>
 *
 * Without any {@code connectionFactory.*} entry, {@code ConnectionFactory}, {@code
 * QueueConnectionFactory} and {@code TopicConnectionFactory} are bound to the provider URL (or
 * {@value ConnectionSettings#DEFAULT_URL}). {@code java.naming.security.principal} and {@code
 * .credentials} become the user and password of every factory whose URL sets none. Lookups of
 * {@code dynamicQueues/<name>} and {@code dynamicTopics/<name>} return that queue or topic without
 * configuration. The context is read-only.
 *
 * <p>Stateless; thread-safe.
 */
public final class SluiceInitialContextFactory implements InitialContextFactory {
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    public static final List<String> DEFAULT_FACTORY_NAMES =
            List.of("ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory");

    /** Public for JNDI, which instantiates it reflectively. */
    public SluiceInitialContextFactory() {}

    /**
     * @throws ConfigurationException naming the entry whose URL or destination name is invalid
     */
    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Hashtable<Object, Object> env = new Hashtable<>();
        if (environment != null) {
            env.putAll(environment);
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        boolean anyFactory = false;
        for (Map.Entry<Object, Object> e : env.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof String value)) {
                continue;
            }
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                anyFactory = true;
                bindings.put(jndiName(key, CONNECTION_FACTORY_PREFIX), factory(key, value, env));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(jndiName(key, QUEUE_PREFIX), new SluiceQueue(destinationName(key, value)));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(jndiName(key, TOPIC_PREFIX), new SluiceTopic(destinationName(key, value)));
            }
        }
        if (!anyFactory) {
            for (String name : DEFAULT_FACTORY_NAMES) {
                bindings.put(name, factory(Context.PROVIDER_URL, "", env));
            }
        }
        return new SluiceJndiContext(bindings, env);
    }

    private static String jndiName(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isEmpty()) {
            throw new ConfigurationException("JNDI entry '" + key + "' has no name after '" + prefix + "'");
        }
        return name;
    }

    private static String destinationName(String key, String value) throws ConfigurationException {
        if (value.isBlank()) {
            throw new ConfigurationException("JNDI entry '" + key + "' names no destination");
        }
        return value.trim();
    }

    private static SluiceConnectionFactory factory(String key, String url, Hashtable<Object, Object> env)
            throws ConfigurationException {
        String effective = url.isBlank() ? providerUrl(env) : url.trim();
        try {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(effective);
            ConnectionSettings settings = factory.getSettings();
            if (settings.user() == null && env.get(Context.SECURITY_PRINCIPAL) instanceof String user) {
                factory.setUser(user);
                if (settings.password() == null && env.get(Context.SECURITY_CREDENTIALS) instanceof String password) {
                    factory.setPassword(password);
                }
            }
            return factory;
        } catch (IllegalArgumentException e) {
            ConfigurationException c = new ConfigurationException("JNDI entry '" + key + "': " + e.getMessage());
            c.setRootCause(e);
            throw c;
        }
    }

    private static String providerUrl(Hashtable<Object, Object> env) {
        Object url = env.get(Context.PROVIDER_URL);
        return url instanceof String s && !s.isBlank() ? s.trim() : ConnectionSettings.DEFAULT_URL;
    }
}
