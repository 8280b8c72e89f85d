package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.server.TlsConfig;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's TLS options against a broker with TLS: trust store, hostname verification, refusals. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTlsIT {
    @TempDir
    static Path certs;

    @TempDir
    Path dataDir;

    private static KeytoolStores forLocalhost;
    private static KeytoolStores forElsewhere;

    @BeforeAll
    static void makeStores() throws Exception {
        forLocalhost = KeytoolStores.create(certs.resolve("local"), "dns:localhost,ip:127.0.0.1");
        forElsewhere = KeytoolStores.create(certs.resolve("elsewhere"), "dns:broker.elsewhere.example");
    }

    private SluiceBroker broker(KeytoolStores stores) {
        return SluiceBroker.start(BrokerConfig.forTesting(dataDir)
                .securityEnabled(true)
                .passwordsRequireTls(true)
                .user("app", "app-pw", List.of("admin"))
                .tls(new TlsConfig(
                        stores.keyStore,
                        KeytoolStores.PASSWORD,
                        "PKCS12",
                        null,
                        TlsConfig.DEFAULT_PROTOCOLS,
                        List.of()))
                .build());
    }

    private static ClientConfig.Builder client(SluiceBroker broker, String host, KeytoolStores trusted) {
        ClientConfig.Builder b = ClientConfig.builder()
                .host(host)
                .port(broker.port())
                .username("app")
                .password("app-pw")
                .connectTimeoutMs(5_000)
                .requestTimeoutMs(10_000)
                .tlsEnabled(true);
        if (trusted != null) {
            b.tlsTruststorePath(trusted.trustStore.toString()).tlsTruststorePassword(KeytoolStores.PASSWORD);
        }
        return b;
    }

    private static SluiceClientException connectFailure(ClientConfig config) {
        try (SluiceClient c = SluiceClient.connect(config)) {
            throw new AssertionError("connected: " + c.connectionInfo());
        } catch (SluiceClientException e) {
            return e;
        }
    }

    @Test
    void aTrustingClientWorksOverTlsByNameAndByAddress() {
        try (SluiceBroker broker = broker(forLocalhost)) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                try (SluiceClient client = SluiceClient.connect(
                                client(broker, host, forLocalhost).build());
                        RecordProducer producer = client.createProducer(ProducerConfig.defaults())) {
                    client.admin()
                            .createTopic("tls-" + host.replace('.', '-'), 1, Map.of())
                            .join();
                    assertThat(producer.send(ProducerRecord.of("tls-" + host.replace('.', '-'), null, new byte[] {7}))
                                    .join()
                                    .offset())
                            .isZero();
                }
            }
        }
    }

    @Test
    void untrustedCertificatesPlainClientsAndWrongHostNamesAreRefused() {
        try (SluiceBroker broker = broker(forElsewhere)) {
            // The JDK's default trust does not know a self-signed certificate.
            assertThat(connectFailure(client(broker, "127.0.0.1", null).build()).error())
                    .isEqualTo(ErrorCode.CONNECTION_LOST);
            // Trusted, but the certificate names broker.elsewhere.example, not 127.0.0.1.
            SluiceClientException wrongHost =
                    connectFailure(client(broker, "127.0.0.1", forElsewhere).build());
            assertThat(wrongHost.error()).isEqualTo(ErrorCode.CONNECTION_LOST);
            assertThat(wrongHost).hasMessageContaining("127.0.0.1");
            try (SluiceClient unverified = SluiceClient.connect(client(broker, "127.0.0.1", forElsewhere)
                    .tlsHostnameVerification(false)
                    .build())) {
                assertThat(unverified.state()).isEqualTo(ConnectionState.READY);
            }
            // A client without TLS reaches nothing but a closed connection.
            assertThat(connectFailure(client(broker, "127.0.0.1", null)
                                    .tlsEnabled(false)
                                    .build())
                            .error())
                    .isEqualTo(ErrorCode.CONNECTION_LOST);
        }
    }

    @Test
    void anUnreadableTrustStoreIsAConfigurationError() {
        ClientConfig config = ClientConfig.builder()
                .tlsEnabled(true)
                .tlsTruststorePath(certs.resolve("missing.p12").toString())
                .build();
        assertThatThrownBy(() -> SluiceClient.connect(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.p12")
                .hasMessageContaining("tlsTruststorePath");
    }
}
