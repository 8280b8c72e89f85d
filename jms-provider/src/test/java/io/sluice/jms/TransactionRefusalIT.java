package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.client.ClientConfig;
import io.sluice.client.SluiceClient;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Commits the broker refuses for good: what the application sees, and that nothing was applied. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionRefusalIT {
    @TempDir
    Path dir;

    @Test
    void aFullDiskRollsTheTransactionBackWithAResourceAllocationCause() throws JMSException {
        try (EmbeddedBroker broker =
                EmbeddedBroker.start(dir.resolve("full"), b -> b.minFreeDiskBytes(Long.MAX_VALUE / 4))) {
            Connection c = broker.connection();
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            Queue q = tx.createQueue(EmbeddedBroker.name("full"));
            tx.createProducer(q).send(tx.createTextMessage("no room"));
            assertThatThrownBy(tx::commit)
                    .isInstanceOf(TransactionRolledBackException.class)
                    .hasMessageContaining("disk is full")
                    .satisfies(e -> assertThat(((JMSException) e).getLinkedException())
                            .isInstanceOf(ResourceAllocationException.class))
                    .hasCauseInstanceOf(ResourceAllocationException.class);
            // The session goes on with a new transaction.
            tx.commit();
            assertThat(tx.createConsumer(q).receiveNoWait()).isNull();
        }
    }

    @Test
    void aCommitWithoutProducePermissionIsASecurityExceptionAndRollsBack() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("secure"), b -> b.securityEnabled(true)
                .user("admin", "admin-pw", List.of("admin"))
                .user("app", "app-pw", List.of())
                .grant(PrincipalType.USER, "app", "in.*", Permission.PRODUCE, Permission.CONSUME)
                .grant(PrincipalType.USER, "app", "out.*", Permission.CONSUME, Permission.BROWSE))) {
            try (SluiceClient admin = SluiceClient.connect(ClientConfig.builder()
                    .host("127.0.0.1")
                    .port(broker.port())
                    .username("admin")
                    .password("admin-pw")
                    .build())) {
                admin.admin().createTopic("in.q", 1, Map.of("type", "queue")).join();
                admin.admin().createTopic("out.q", 1, Map.of("type", "queue")).join();
            }
            Queue in = new SluiceQueue("in.q");
            Queue out = new SluiceQueue("out.q");
            Connection c =
                    broker.track(broker.factory("user=app&password=app-pw").createConnection());
            JmsTestBase.send(c.createSession(Session.AUTO_ACKNOWLEDGE), in, "order");
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            c.start();
            Message m = consumer.receive(5000);
            tx.createProducer(out).send(tx.createTextMessage(((TextMessage) m).getText()));
            assertThatThrownBy(tx::commit)
                    .isInstanceOf(JMSSecurityException.class)
                    .hasMessageContaining("out.q");
            Message again = consumer.receive(5000);
            assertThat(((TextMessage) again).getText()).isEqualTo("order");
            assertThat(again.getJMSRedelivered()).isTrue();
            tx.commit();
            assertThat(consumer.receive(300)).isNull();
        }
    }
}
