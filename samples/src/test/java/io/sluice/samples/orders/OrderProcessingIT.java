package io.sluice.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.samples.support.TestBroker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every order is processed exactly once or dead-lettered, despite a worker crash. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrderProcessingIT {
    @TempDir
    static Path dir;

    static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyOrderIsProcessedExactlyOnceOrDeadLettered() throws Exception {
        Context jndi = broker.jndi();
        OrderProcessingResult r;
        try {
            r = OrderProcessingApp.run(jndi, System.out);
        } finally {
            jndi.close();
        }

        assertThat(r.goodOrderIds().size() + r.poisonOrderIds().size()).isEqualTo(OrderProcessingApp.ORDERS);
        assertThat(r.poisonOrderIds()).isNotEmpty();
        assertThat(r.processedCountPerOrder().keySet())
                .as("processed: every well-formed order and nothing else")
                .containsExactlyInAnyOrderElementsOf(r.goodOrderIds());
        assertThat(r.processedCountPerOrder().values()).as("each exactly once").allMatch(n -> n == 1);
        assertThat(r.deadLettered())
                .as("every malformed order is dead-lettered once")
                .containsExactlyInAnyOrderElementsOf(r.poisonOrderIds());

        assertThat(r.redeliveredAndProcessed())
                .as("the order the crashed worker held was redelivered and processed")
                .isNotEmpty();
        for (String orderId : r.redeliveredAndProcessed()) {
            assertThat(r.processedBy().get(orderId)).isNotEqualTo(r.crashedWorker());
        }
    }
}
