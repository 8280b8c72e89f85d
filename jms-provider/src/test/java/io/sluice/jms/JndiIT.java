package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.BrokerConfig;
import io.sluice.jms.jndi.SluiceObjectFactory;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JNDI lookups return working factories and destinations against a broker that authenticates. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JndiIT extends JmsTestBase {

    @Override
    BrokerConfig.Builder configure(BrokerConfig.Builder b) {
        return b.securityEnabled(true)
                .user("app", "s3cret&more", List.of())
                .grant(PrincipalType.USER, "app", "#", Permission.PRODUCE, Permission.CONSUME, Permission.CREATE)
                .user("other", "pw", List.of());
    }

    private Hashtable<String, String> environment() {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.sluice.jms.jndi.SluiceInitialContextFactory");
        env.put(Context.PROVIDER_URL, broker.url());
        return env;
    }

    @Test
    void namedFactoriesCarryTheirOwnCredentialsAndDestinationsResolve() throws Exception {
        Hashtable<String, String> env = environment();
        env.put("connectionFactory.AppFactory", broker.url("user=app&password=s3cret%26more&prefetch=5"));
        env.put("connectionFactory.WrongFactory", broker.url("user=app&password=nope"));
        env.put("queue.jms/Orders", "jndi-orders");
        env.put("topic.jms/Prices", "jndi-prices");
        Context jndi = new InitialContext(env);

        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("AppFactory");
        assertThat(factory).isInstanceOf(QueueConnectionFactory.class).isInstanceOf(TopicConnectionFactory.class);
        Queue orders = (Queue) jndi.lookup("jms/Orders");
        Topic prices = (Topic) jndi.lookup("jms/Prices");
        assertThat(orders.getQueueName()).isEqualTo("jndi-orders");
        assertThat(prices.getTopicName()).isEqualTo("jndi-prices");
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession();
            s.createProducer(orders).send(s.createTextMessage("via jndi"));
            c.start();
            assertThat(((TextMessage) s.createConsumer(orders).receive(5000)).getText())
                    .isEqualTo("via jndi");
        }
        try (JMSContext ctx = factory.createContext()) {
            ctx.createProducer().send((Queue) jndi.lookup("dynamicQueues/jndi-dynamic"), "dynamic");
            assertThat(ctx.createConsumer(ctx.createQueue("jndi-dynamic")).receiveBody(String.class, 5000))
                    .isEqualTo("dynamic");
        }
        assertThat(((Topic) jndi.lookup("dynamicTopics/news")).getTopicName()).isEqualTo("news");

        ConnectionFactory wrong = (ConnectionFactory) jndi.lookup("WrongFactory");
        assertThatThrownBy(wrong::createConnection).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(wrong::createContext).isInstanceOf(JMSSecurityRuntimeException.class);
        wrong.createConnection("other", "pw").close();

        assertThatThrownBy(() -> jndi.lookup("NoSuchThing"))
                .isInstanceOf(NameNotFoundException.class)
                .hasMessageContaining("AppFactory");
        assertThatThrownBy(() -> jndi.bind("x", orders)).isInstanceOf(OperationNotSupportedException.class);
        jndi.close();
    }

    @Test
    void withoutNamedFactoriesTheDefaultNamesUseTheProviderUrlAndTheSecurityPrincipal() throws Exception {
        Hashtable<String, String> env = environment();
        env.put(Context.SECURITY_PRINCIPAL, "app");
        env.put(Context.SECURITY_CREDENTIALS, "s3cret&more");
        Context jndi = new InitialContext(env);
        for (String name : List.of("ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory")) {
            ((ConnectionFactory) jndi.lookup(name)).createConnection().close();
        }
        Hashtable<String, String> anonymous = environment();
        ConnectionFactory noCredentials = (ConnectionFactory) new InitialContext(anonymous).lookup("ConnectionFactory");
        assertThatThrownBy(noCredentials::createConnection).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aBadEntryIsRefusedNamingIt() {
        Hashtable<String, String> env = environment();
        env.put("connectionFactory.Broken", "sluice://localhost?prefetch=lots");
        assertThatThrownBy(() -> new InitialContext(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connectionFactory.Broken")
                .hasMessageContaining("prefetch");
        Hashtable<String, String> env2 = environment();
        env2.put("queue.jms/Empty", " ");
        assertThatThrownBy(() -> new InitialContext(env2)).isInstanceOf(NamingException.class);
    }

    @Test
    void factoriesSurviveSerializationAndJndiReferences() throws Exception {
        SluiceConnectionFactory factory = broker.factory("user=app&password=s3cret%26more");
        factory.setPrefetch(17);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        SluiceConnectionFactory copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SluiceConnectionFactory) in.readObject();
        }
        assertThat(copy.getPrefetch()).isEqualTo(17);
        copy.createConnection().close();
        assertThat(copy.toString()).doesNotContain("s3cret");

        SluiceConnectionFactory fromReference = (SluiceConnectionFactory)
                new SluiceObjectFactory().getObjectInstance(factory.getReference(), null, null, null);
        assertThat(fromReference.getSettings()).isEqualTo(factory.getSettings());
        fromReference.createConnection().close();
    }

    @Test
    void wrongCredentialsGiveASecurityException() {
        assertThatThrownBy(() -> broker.factory().createConnection("app", "wrong"))
                .isInstanceOf(JMSSecurityException.class)
                .satisfies(e -> assertThat(((JMSException) e).getErrorCode()).isEqualTo("AUTHENTICATION_FAILED"));
    }
}
