package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.client.ConnectionState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network faults between JMS connections and the broker, injected by a {@link TcpProxy} while one
 * connection sends PERSISTENT messages and another receives them in AUTO_ACKNOWLEDGE ({@link
 * SteadyLoad}): added latency, a bandwidth limit, a connection reset in the middle of a frame, and a
 * black hole that stops forwarding without closing anything. In every case the application code
 * sees no exception, every confirmed message arrives and none arrives twice; a black hole is
 * detected by the heartbeat within the heartbeat interval plus the request timeout.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetworkFaultIT extends JmsTestBase {
    private static final int HEARTBEAT_INTERVAL_MS = 250;
    private static final int REQUEST_TIMEOUT_MS = 2_000;
    private static final String RECONNECTING = "reconnectBackoffMs=50&reconnectBackoffMaxMs=500"
            + "&reconnectTimeoutMs=60000&prefetch=50&heartbeatIntervalMs=" + HEARTBEAT_INTERVAL_MS
            + "&requestTimeoutMs=" + REQUEST_TIMEOUT_MS + "&connectTimeoutMs=2000";

    @Override
    BrokerConfig.Builder configure(BrokerConfig.Builder b) {
        return b.idleTimeoutMs(3_000);
    }

    private static void assertClean(SteadyLoad load, int messages) {
        assertThat(load.errors()).as("exceptions the application saw").isEmpty();
        assertThat(load.confirmedCount()).isEqualTo(messages);
        assertThat(load.missing().cardinality())
                .as("confirmed but never received")
                .isZero();
        assertThat(load.duplicates())
                .as("acknowledged messages delivered again")
                .isZero();
    }

    @Test
    void latencyAndABandwidthLimitSlowTheLoadButNeitherLoseNorDuplicate() throws Exception {
        int messages = 150;
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            proxy.latencyMs(20);
            proxy.bandwidthBytesPerSecond(64 * 1024);
            SluiceConnectionFactory factory = new SluiceConnectionFactory(proxy.url(RECONNECTING));
            try (SteadyLoad load = new SteadyLoad(factory, name("slow-net"), messages, 0)) {
                long start = System.nanoTime();
                assertThat(load.awaitDone(60_000)).isTrue();
                System.out.printf(
                        "latency 20 ms + 64 KiB/s: %d messages in %d ms%n",
                        messages, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertClean(load, messages);
                assertThat(load.consumerConnection().recovery().lastOutageMs())
                        .as("a slow network is no outage")
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void aResetInTheMiddleOfAFrameIsRiddenOut() throws Exception {
        int messages = 1_500;
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(proxy.url(RECONNECTING));
            try (SteadyLoad load = new SteadyLoad(factory, name("reset-mid-frame"), messages, 1)) {
                assertThat(load.awaitReceived(300, 60_000)).isTrue();
                proxy.resetMidFrame();
                assertThat(load.awaitDone(90_000)).isTrue();
                long outage = Math.max(
                        load.consumerConnection().recovery().lastOutageMs(),
                        load.producerConnection().recovery().lastOutageMs());
                System.out.printf("reset mid-frame: outage %d ms, %d redelivered%n", outage, load.redelivered());
                assertThat(outage).as("a connection was cut and recovered").isGreaterThanOrEqualTo(0);
                assertClean(load, messages);
            }
        }
    }

    @Test
    void cuttingEveryConnectionRepeatedlyIsRiddenOut() throws Exception {
        int messages = 2_000;
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(proxy.url(RECONNECTING));
            try (SteadyLoad load = new SteadyLoad(factory, name("cut"), messages, 1)) {
                for (int cut = 1; cut <= 3; cut++) {
                    assertThat(load.awaitReceived(cut * 400, 60_000)).isTrue();
                    proxy.cutAll();
                }
                assertThat(load.awaitDone(90_000)).isTrue();
                System.out.printf(
                        "three resets: last outage consumer %d ms, producer %d ms, %d redelivered%n",
                        load.consumerConnection().recovery().lastOutageMs(),
                        load.producerConnection().recovery().lastOutageMs(),
                        load.redelivered());
                assertClean(load, messages);
            }
        }
    }

    @Test
    void aBlackHoleIsDetectedByTheHeartbeatAndRiddenOut() throws Exception {
        int messages = 1_500;
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(proxy.url(RECONNECTING));
            try (SteadyLoad load = new SteadyLoad(factory, name("black-hole"), messages, 1)) {
                assertThat(load.awaitReceived(300, 60_000)).isTrue();
                long start = System.nanoTime();
                proxy.blackHole(true);
                var client = load.consumerConnection().channel().client();
                while (client.state() == ConnectionState.READY
                        && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(5);
                }
                long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                proxy.blackHole(false);
                assertThat(load.awaitDone(90_000)).isTrue();
                System.out.printf(
                        "black hole: detected after %d ms (heartbeat %d ms + timeout %d ms), consumer outage %d ms,"
                                + " producer outage %d ms%n",
                        detectedMs,
                        HEARTBEAT_INTERVAL_MS,
                        REQUEST_TIMEOUT_MS,
                        load.consumerConnection().recovery().lastOutageMs(),
                        load.producerConnection().recovery().lastOutageMs());
                assertThat(detectedMs)
                        .as("detected within the heartbeat interval plus its timeout (with slack for a loaded machine)")
                        .isLessThan(2L * (HEARTBEAT_INTERVAL_MS + REQUEST_TIMEOUT_MS) + 1_000);
                assertClean(load, messages);
            }
        }
    }
}
