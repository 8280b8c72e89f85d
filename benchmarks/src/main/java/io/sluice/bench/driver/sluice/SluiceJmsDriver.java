package io.sluice.bench.driver.sluice;

import io.sluice.bench.driver.Driver;
import io.sluice.bench.driver.DriverContext;
import io.sluice.bench.driver.SystemUnderTest;
import io.sluice.bench.driver.jms.JmsSystem;
import io.sluice.bench.workload.Api;
import io.sluice.broker.BrokerMain;
import io.sluice.broker.SluiceBroker;
import io.sluice.jms.SluiceConnectionFactory;
import java.util.Optional;

/**
 * Sluice through its JMS provider (driver id {@code sluice-jms}): the Sluice broker ({@link
 * BrokerMain}) in a child JVM with the same heap settings as the Artemis peer ({@code -Xms512m
 * -Xmx2g}, G1), security off, every other setting at its default (topic flush policy {@code group}),
 * reached over TCP on 127.0.0.1 with a {@link SluiceConnectionFactory} at its default settings.
 *
 * <p>Thread-safe; stateless.
 */
public final class SluiceJmsDriver implements Driver {
    static final String DURABILITY = "PERSISTENT sends are acknowledged once the log is fsynced (group commit:"
            + " one fsync for every append waiting, flush.policy=group, flush.linger.ms=0); NON_PERSISTENT sends"
            + " are acknowledged on append and the JMS client does not wait for them";

    @Override
    public String id() {
        return "sluice-jms";
    }

    @Override
    public String displayName() {
        return "Sluice JMS";
    }

    @Override
    public Api api() {
        return Api.JMS;
    }

    @Override
    public boolean isSubject() {
        return true;
    }

    @Override
    public SystemUnderTest start(DriverContext context) throws Exception {
        SluiceBrokerProcess broker = SluiceBrokerProcess.start(id(), context);
        SluiceConnectionFactory factory = new SluiceConnectionFactory("sluice://127.0.0.1:" + broker.port());
        String description = "Sluice " + SluiceBroker.version() + " broker in a child JVM (heap -Xms512m"
                + " -Xmx2g, G1), default settings; JMS client " + factory.getSettings();
        return new JmsSystem(description, DURABILITY, factory, Optional.of(broker.probe()), broker.jvm());
    }
}
