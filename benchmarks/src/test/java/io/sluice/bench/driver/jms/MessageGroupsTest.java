package io.sluice.bench.driver.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.bench.workload.AckMode;
import io.sluice.bench.workload.Api;
import io.sluice.bench.workload.DeliveryMode;
import io.sluice.bench.workload.DestinationType;
import io.sluice.bench.workload.InvalidWorkloadException;
import io.sluice.bench.workload.SendMode;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MessageGroupsTest {

    private static Workload workload(Map<String, String> properties) {
        return new Workload(
                "w",
                "w",
                Api.JMS,
                WorkloadMode.THROUGHPUT,
                DestinationType.QUEUE,
                "q",
                1,
                1,
                4,
                0,
                false,
                1024,
                0,
                DeliveryMode.PERSISTENT,
                SendMode.ASYNC,
                AckMode.AUTO,
                0,
                1000,
                1,
                1,
                0,
                List.of(),
                properties);
    }

    @Test
    void consumersSelectTheirGroupOnlyWhenAsked() {
        Workload plain = workload(Map.of("jms.groups", "4"));
        assertThat(MessageGroups.groups(plain)).isEqualTo(4);
        assertThat(MessageGroups.selector(plain, 1)).isNull();
        Workload selecting = workload(Map.of("jms.groups", "4", "jms.selectByGroup", "true"));
        assertThat(MessageGroups.selector(selecting, 1)).isEqualTo("benchGroup = 1");
        assertThat(MessageGroups.selector(selecting, 5)).isEqualTo("benchGroup = 1");
        assertThat(MessageGroups.groups(workload(Map.of()))).isZero();
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> MessageGroups.groups(workload(Map.of("jms.groups", "none"))))
                .isInstanceOf(InvalidWorkloadException.class)
                .hasMessageContaining("jms.groups");
        assertThatThrownBy(() -> MessageGroups.groups(workload(Map.of("jms.groups", "0"))))
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> MessageGroups.selector(workload(Map.of("jms.selectByGroup", "true")), 0))
                .hasMessageContaining("needs jms.groups");
    }
}
