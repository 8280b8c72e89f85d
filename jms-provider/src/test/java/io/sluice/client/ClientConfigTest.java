package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.api.Durability;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientConfigTest {

    @Test
    void oneSetOfPropertiesConfiguresClientProducerAndConsumer() {
        Properties p = new Properties();
        p.setProperty("host", "broker.example");
        p.setProperty("port", "9000");
        p.setProperty("username", "alice");
        p.setProperty("password", " secret with spaces ");
        p.setProperty("requestTimeoutMs", "5000");
        p.setProperty("reconnectTimeoutMs", "120000");
        p.setProperty("lingerMs", "0");
        p.setProperty("batchSizeBytes", "131072");
        p.setProperty("idempotence", "false");
        p.setProperty("defaultDurability", "appended");
        p.setProperty("fetchMaxWaitMs", "1000");

        ClientConfig client = ClientConfig.fromProperties(p);
        ProducerConfig producer = ProducerConfig.fromProperties(p);
        ConsumerConfig consumer = ConsumerConfig.fromProperties(p);

        assertThat(client.host()).isEqualTo("broker.example");
        assertThat(client.port()).isEqualTo(9000);
        assertThat(client.password()).isEqualTo(" secret with spaces ");
        assertThat(client.requestTimeoutMs()).isEqualTo(5000);
        assertThat(client.reconnectTimeoutMs()).isEqualTo(120_000);
        assertThat(client.toString()).doesNotContain("secret");
        assertThat(producer.lingerMs()).isZero();
        assertThat(producer.batchSizeBytes()).isEqualTo(131_072);
        assertThat(producer.idempotence()).isFalse();
        assertThat(producer.defaultDurability()).isEqualTo(Durability.APPENDED);
        assertThat(consumer.fetchMaxWaitMs()).isEqualTo(1000);
    }

    @Test
    void tlsOptionsAreReadAndTheTrustStorePasswordIsNeverPrinted() {
        Properties p = new Properties();
        p.setProperty("tlsEnabled", "true");
        p.setProperty("tlsTruststorePath", "/etc/sluice/truststore.p12");
        p.setProperty("tlsTruststorePassword", "trust-secret");
        p.setProperty("tlsTruststoreType", "jks");
        p.setProperty("tlsHostnameVerification", "false");
        ClientConfig config = ClientConfig.fromProperties(p);
        assertThat(config.tlsEnabled()).isTrue();
        assertThat(config.tlsTruststorePath()).isEqualTo("/etc/sluice/truststore.p12");
        assertThat(config.tlsTruststorePassword()).isEqualTo("trust-secret");
        assertThat(config.tlsTruststoreType()).isEqualTo("JKS");
        assertThat(config.tlsHostnameVerification()).isFalse();
        assertThat(config.toString()).doesNotContain("trust-secret");

        ClientConfig defaults = ClientConfig.builder().build();
        assertThat(defaults.tlsEnabled()).isFalse();
        assertThat(defaults.tlsHostnameVerification()).isTrue();
        assertThatThrownBy(() -> ClientConfig.builder().tlsTruststoreType("PEM").build())
                .hasMessageContaining("tlsTruststoreType");
        assertThatThrownBy(() -> ClientConfig.builder().tlsTruststorePath("/x").build())
                .hasMessageContaining("tlsEnabled is false");
    }

    @Test
    void unknownKeysAndBadValuesAreRejectedByName() {
        Properties typo = new Properties();
        typo.setProperty("requestTimeoutMillis", "5");
        assertThatThrownBy(() -> ClientConfig.fromProperties(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeoutMillis");

        Properties bad = new Properties();
        bad.setProperty("lingerMs", "soon");
        assertThatThrownBy(() -> ProducerConfig.fromProperties(bad))
                .hasMessageContaining("lingerMs")
                .hasMessageContaining("soon");

        Properties durability = new Properties();
        durability.setProperty("defaultDurability", "forever");
        assertThatThrownBy(() -> ProducerConfig.fromProperties(durability)).hasMessageContaining("APPENDED or DURABLE");
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> ClientConfig.builder().port(70_000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> ClientConfig.builder()
                        .reconnectBackoffMs(500)
                        .reconnectBackoffMaxMs(100)
                        .build())
                .hasMessageContaining("reconnectBackoffMaxMs");
        assertThatThrownBy(() -> ProducerConfig.builder().maxInFlightRequests(6).build())
                .hasMessageContaining("at most 5 with idempotence");
        assertThat(ProducerConfig.builder()
                        .idempotence(false)
                        .maxInFlightRequests(6)
                        .build()
                        .maxInFlightRequests())
                .isEqualTo(6);
        assertThatThrownBy(() -> ProducerConfig.builder()
                        .batchSizeBytes(4096)
                        .bufferMemoryBytes(1024)
                        .build())
                .hasMessageContaining("bufferMemoryBytes");
        assertThatThrownBy(() -> ConsumerConfig.builder().fetchMaxBytes(0).build())
                .hasMessageContaining("fetchMaxBytes");
    }
}
