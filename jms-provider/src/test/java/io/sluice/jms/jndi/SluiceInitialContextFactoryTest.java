package io.sluice.jms.jndi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.jms.SluiceConnectionFactory;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Binding;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SluiceInitialContextFactoryTest {

    private static Context context(String... keyValues) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return new SluiceInitialContextFactory().getInitialContext(env);
    }

    @Test
    void entriesBindFactoriesQueuesAndTopicsUnderTheirNames() throws Exception {
        Context c = context(
                "connectionFactory.A",
                "sluice://a:1?prefetch=3",
                "connectionFactory.B",
                "",
                Context.PROVIDER_URL,
                "sluice://b:2",
                "queue.jms/Q",
                "orders",
                "topic.T",
                "prices");
        SluiceConnectionFactory a = (SluiceConnectionFactory) c.lookup("A");
        assertThat(a.getSettings().host()).isEqualTo("a");
        assertThat(a.getPrefetch()).isEqualTo(3);
        assertThat(((SluiceConnectionFactory) c.lookup("B")).getSettings().port())
                .isEqualTo(2);
        assertThat(c.lookup("jms/Q")).isEqualTo(new SluiceQueue("orders"));
        assertThat(c.lookup("T")).isEqualTo(new SluiceTopic("prices"));
        assertThat(c.lookup("dynamicQueues/x/y")).isEqualTo(new SluiceQueue("x/y"));
        assertThatThrownBy(() -> c.lookup("ConnectionFactory")).isInstanceOf(NameNotFoundException.class);
        List<String> names = new ArrayList<>();
        for (Binding b : Collections.list(c.listBindings(""))) {
            names.add(b.getName());
        }
        assertThat(names).containsExactlyInAnyOrder("A", "B", "jms/Q", "T");
        assertThatThrownBy(() -> c.rebind("A", "x")).isInstanceOf(OperationNotSupportedException.class);
        assertThatThrownBy(() -> c.createSubcontext("s")).isInstanceOf(OperationNotSupportedException.class);
    }

    @Test
    void withoutFactoriesTheDefaultNamesGetTheProviderUrlAndPrincipal() throws Exception {
        Context c = context(
                Context.SECURITY_PRINCIPAL, "app",
                Context.SECURITY_CREDENTIALS, "pw");
        for (String name : SluiceInitialContextFactory.DEFAULT_FACTORY_NAMES) {
            SluiceConnectionFactory f = (SluiceConnectionFactory) c.lookup(name);
            assertThat(f.getSettings().host()).isEqualTo("localhost");
            assertThat(f.getUser()).isEqualTo("app");
            assertThat(f.getSettings().password()).isEqualTo("pw");
        }
        Context own = context(
                "connectionFactory.F",
                "sluice://h?user=mine",
                Context.SECURITY_PRINCIPAL,
                "app",
                Context.SECURITY_CREDENTIALS,
                "pw");
        SluiceConnectionFactory f = (SluiceConnectionFactory) own.lookup("F");
        assertThat(f.getUser()).isEqualTo("mine");
        assertThat(f.getSettings().password()).isNull();
    }
}
