package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.BrokerStartException;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TestCertificates;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the broker port with a keytool-made key store, and the refusal of passwords in clear text. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsIT {
    @TempDir
    static Path certs;

    @TempDir
    Path dataDir;

    private static TestCertificates.Stores stores;
    private static TestCertificates.Stores otherStores;

    @BeforeAll
    static void makeCertificates() throws Exception {
        stores = TestCertificates.create(certs.resolve("good"), "dns:localhost,ip:127.0.0.1");
        otherStores = TestCertificates.create(certs.resolve("other"), "dns:localhost,ip:127.0.0.1");
    }

    private static TlsConfig tls(TestCertificates.Stores s, String password) {
        return new TlsConfig(s.keyStore(), password, "PKCS12", null, TlsConfig.DEFAULT_PROTOCOLS, List.of());
    }

    private BrokerConfig.Builder secureBroker() {
        return BrokerConfig.forTesting(dataDir)
                .securityEnabled(true)
                .passwordsRequireTls(true)
                .user("alice", "alice-pw", List.of("admin"));
    }

    private static HandshakeRequest hello(String user, String password) {
        return new HandshakeRequest((short) 1, (short) 1, null, "sluice-test/1", user, password);
    }

    @Test
    void clientsSpeakTheProtocolOverTls() throws Exception {
        try (SluiceBroker broker = SluiceBroker.start(
                secureBroker().tls(tls(stores, stores.password())).build())) {
            SSLContext trusting = TestCertificates.clientContext(stores);
            try (FrameClient c = FrameClient.connectTls(broker.port(), trusting)) {
                c.handshake("alice", "alice-pw");
                c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("secret-orders", 1, Map.of()), Empty::read);
                assertThat(Produce.send(c, "secret-orders", 0, Batches.plain(1L, "a", "b"))
                                .error())
                        .isEqualTo(ErrorCode.NONE);
                assertThat(Produce.fetchAll(c, "secret-orders", 0))
                        .extracting(Batches.Fetched::value)
                        .containsExactly("a", "b");
            }
            // A client that does not trust the broker's certificate cannot connect.
            SSLContext trustingAnother = TestCertificates.clientContext(otherStores);
            assertThatThrownBy(() -> FrameClient.connectTls(broker.port(), trustingAnother))
                    .isInstanceOf(SSLHandshakeException.class);
            // Plain TCP to a TLS port: the broker closes the connection.
            try (FrameClient plain = FrameClient.connect(broker.port())) {
                plain.send(ApiKey.HANDSHAKE, hello("alice", "alice-pw"));
                assertThat(plain.awaitClosedByBroker(5_000)).isTrue();
            }
        }
    }

    @Test
    void passwordsInClearTextAreRefusedWhenTlsIsRequiredForThem() throws IOException {
        try (SluiceBroker broker = SluiceBroker.start(secureBroker().build());
                FrameClient plain = FrameClient.connect(broker.port())) {
            FrameClient.Response refused = plain.request(ApiKey.HANDSHAKE, hello("alice", "alice-pw"));
            assertThat(refused.error()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(refused.header().errorMessage()).contains("only over TLS");
            assertThat(plain.awaitClosedByBroker(5_000)).isTrue();
        }
    }

    @Test
    void aBadKeyStoreStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> SluiceBroker.start(
                        secureBroker().tls(tls(stores, "not-the-password")).build()))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining(stores.keyStore().toString())
                .hasMessageContaining("password");
        TestCertificates.Stores missing =
                new TestCertificates.Stores(certs.resolve("nope.p12"), stores.trustStore(), stores.password());
        assertThatThrownBy(() -> SluiceBroker.start(
                        secureBroker().tls(tls(missing, stores.password())).build()))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SluiceBroker.start(secureBroker()
                        .tls(new TlsConfig(
                                stores.trustStore(), stores.password(), "PKCS12", null, List.of("TLSv1.3"), List.of()))
                        .build()))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("no private key");
    }
}
