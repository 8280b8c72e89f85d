package io.sluice.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.bench.driver.artemis.ArtemisDefaultDriver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DriverRegistryTest {
    @Test
    void discoversThePeersOnTheClassPath() {
        DriverRegistry registry = DriverRegistry.discover();
        assertThat(registry.ids()).contains("artemis-default", "artemis-tuned", "kafka");
        assertThat(registry.find("artemis-tuned"))
                .hasValueSatisfying(d -> assertThat(d.isSubject()).isFalse());
        assertThat(registry.find("no-such-driver")).isEmpty();
    }

    @Test
    void discoversSluicesJmsDriverAsTheSubject() {
        Driver sluice = DriverRegistry.discover().find("sluice-jms").orElseThrow();
        assertThat(sluice.isSubject()).isTrue();
        assertThat(sluice.api()).isEqualTo(io.sluice.bench.workload.Api.JMS);
    }

    @Test
    void discoversSluicesLogDriverAsTheSubjectOfLogWorkloads() {
        Driver log = DriverRegistry.discover().find("sluice-log").orElseThrow();
        assertThat(log.isSubject()).isTrue();
        assertThat(log.api()).isEqualTo(io.sluice.bench.workload.Api.LOG);
        assertThat(log.displayName()).isEqualTo("Sluice log");
    }

    @Test
    void rejectsTwoDriversWithOneId() {
        assertThatThrownBy(() -> new DriverRegistry(List.of(new ArtemisDefaultDriver(), new ArtemisDefaultDriver())))
                .hasMessageContaining("two drivers with id 'artemis-default'");
    }
}
