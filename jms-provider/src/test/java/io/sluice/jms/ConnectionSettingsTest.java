package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionSettingsTest {

    @Test
    void defaultsApplyWhenTheUrlSetsNothing() {
        ConnectionSettings s = ConnectionSettings.parse("sluice://broker.example.com");
        assertThat(s.host()).isEqualTo("broker.example.com");
        assertThat(s.port()).isEqualTo(7676);
        assertThat(s.prefetch()).isEqualTo(1000);
        assertThat(s.sendTimeoutMs()).isEqualTo(30_000);
        assertThat(s.blockOnNonPersistentSend()).isFalse();
        assertThat(s.connectTimeoutMs()).isEqualTo(10_000);
        assertThat(s.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(s.lingerMs()).isZero();
        assertThat(s.ackBatchSize()).isEqualTo(64);
        assertThat(s.user()).isNull();
        assertThat(s.clientId()).isNull();
        assertThat(s.objectMessageAllowList()).isNull();
    }

    @Test
    void everyKeyIsReadAndValuesAreUrlDecoded() {
        ConnectionSettings s = ConnectionSettings.parse("sluice://10.0.0.5:9000?user=app&password=a%26b%3Dc"
                + "&clientId=orders&prefetch=0&sendTimeoutMs=500&blockOnNonPersistentSend=TRUE&connectTimeoutMs=7"
                + "&requestTimeoutMs=8&lingerMs=2&ackBatchSize=9&objectMessageAllowList=com.acme.**");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("a&b=c");
        assertThat(s.clientId()).isEqualTo("orders");
        assertThat(s.prefetch()).isZero();
        assertThat(s.sendTimeoutMs()).isEqualTo(500);
        assertThat(s.blockOnNonPersistentSend()).isTrue();
        assertThat(s.connectTimeoutMs()).isEqualTo(7);
        assertThat(s.requestTimeoutMs()).isEqualTo(8);
        assertThat(s.lingerMs()).isEqualTo(2);
        assertThat(s.ackBatchSize()).isEqualTo(9);
        assertThat(s.objectMessageAllowList()).isEqualTo("com.acme.**");
        assertThat(ConnectionSettings.parse(s.toUrl())).isEqualTo(s);
    }

    @Test
    void thePasswordIsMaskedInToString() {
        ConnectionSettings s = ConnectionSettings.parse("sluice://h?user=u&password=secret");
        assertThat(s.toString()).doesNotContain("secret").contains("password=***");
        assertThat(s.toUrl()).contains("password=secret");
    }

    @Test
    void badUrlsAndValuesNameTheProblem() {
        assertThatThrownBy(() -> ConnectionSettings.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ConnectionSettings.parse("amqp://h")).hasMessageContaining("sluice://");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice:///x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h/path")).hasMessageContaining("path");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?nope=1"))
                .hasMessageContaining("unknown connection factory key 'nope'");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?prefetch=x"))
                .hasMessageContaining("prefetch");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?sendTimeoutMs=0"))
                .hasMessageContaining("sendTimeoutMs");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?blockOnNonPersistentSend=yes"))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?prefetch=1&prefetch=2"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?user")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?clientId="))
                .hasMessageContaining("clientId");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://h?objectMessageAllowList=a..b"))
                .hasMessageContaining("allow-list");
    }

    @Test
    void withChangesOneKeyAndWithAddressKeepsTheOthers() {
        ConnectionSettings s = ConnectionSettings.parse("sluice://a:1?prefetch=5&user=u");
        ConnectionSettings t = s.with("prefetch", "6").with("user", null);
        assertThat(t.prefetch()).isEqualTo(6);
        assertThat(t.user()).isNull();
        ConnectionSettings moved = s.withAddress("sluice://b:2?user=v");
        assertThat(moved.host()).isEqualTo("b");
        assertThat(moved.port()).isEqualTo(2);
        assertThat(moved.prefetch()).isEqualTo(5);
        assertThat(moved.user()).isEqualTo("v");
    }

    @Test
    void reconnectionIsOnByDefaultAndEveryReconnectKeyIsRead() {
        ConnectionSettings defaults = ConnectionSettings.parse("sluice://broker");
        assertThat(defaults.isReconnectEnabled()).isTrue();
        assertThat(defaults.reconnectMaxAttempts()).isEqualTo(-1);
        assertThat(defaults.reconnectBackoffMs()).isEqualTo(100);
        assertThat(defaults.reconnectBackoffMaxMs()).isEqualTo(5_000);
        assertThat(defaults.reconnectTimeoutMs()).isEqualTo(60_000);
        assertThat(defaults.heartbeatIntervalMs()).isZero();
        assertThat(defaults.exceptionListenerOnLoss()).isFalse();

        ConnectionSettings s = ConnectionSettings.parse(
                "sluice://broker?reconnectMaxAttempts=3&reconnectBackoffMs=20"
                        + "&reconnectBackoffMaxMs=40&reconnectTimeoutMs=900&heartbeatIntervalMs=250&exceptionListenerOnLoss=true");
        assertThat(s.reconnectMaxAttempts()).isEqualTo(3);
        assertThat(s.reconnectBackoffMs()).isEqualTo(20);
        assertThat(s.reconnectBackoffMaxMs()).isEqualTo(40);
        assertThat(s.reconnectTimeoutMs()).isEqualTo(900);
        assertThat(s.heartbeatIntervalMs()).isEqualTo(250);
        assertThat(s.exceptionListenerOnLoss()).isTrue();
        assertThat(ConnectionSettings.parse("sluice://broker?reconnectMaxAttempts=0")
                        .isReconnectEnabled())
                .isFalse();
    }

    @Test
    void badReconnectValuesAreRefusedByName() {
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://broker?reconnectMaxAttempts=-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reconnectMaxAttempts");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://broker?reconnectTimeoutMs=0"))
                .hasMessageContaining("reconnectTimeoutMs");
        assertThatThrownBy(() ->
                        ConnectionSettings.parse("sluice://broker?reconnectBackoffMs=500&reconnectBackoffMaxMs=100"))
                .hasMessageContaining("reconnectBackoffMaxMs (100) must not be less than reconnectBackoffMs (500)");
        assertThatThrownBy(() -> ConnectionSettings.parse("sluice://broker?exceptionListenerOnLoss=maybe"))
                .hasMessageContaining("exceptionListenerOnLoss");
    }
}
