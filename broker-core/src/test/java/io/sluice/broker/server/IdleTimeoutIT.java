package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Silent connections are closed; heartbeats keep a connection open. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleTimeoutIT {
    @TempDir
    Path dataDir;

    @Test
    void heartbeatsKeepAliveAndSilenceCloses() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(
                        BrokerConfig.forTesting(dataDir).idleTimeoutMs(1000).build());
                FrameClient beating = FrameClient.connect(broker.port(), null, null);
                FrameClient silent = FrameClient.connect(broker.port(), null, null)) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            while (System.nanoTime() < end) {
                assertThat(beating.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                        .isEqualTo(ErrorCode.NONE);
                Thread.sleep(250);
            }
            // The silent connection has been closed long ago, the beating one still works.
            assertThat(silent.awaitClosedByBroker(100)).isTrue();
            assertThat(beating.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }
}
