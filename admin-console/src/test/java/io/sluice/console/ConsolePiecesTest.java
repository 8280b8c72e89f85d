package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.api.BrokerStatsResponse;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.DestinationStatsResponse.DestinationStats;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Configuration, input checks, error mapping and the Prometheus format, without a broker. */
@Timeout(10)
class ConsolePiecesTest {
    @Test
    void configurationReadsConsoleKeysAndRejectsUnknownOnes() {
        Properties p = new Properties();
        p.setProperty("console.listen.port", "9000");
        p.setProperty("console.broker.host", "broker1");
        p.setProperty("listen.port", "7000"); // a broker key: not the console's business
        ConsoleConfig c = ConsoleConfig.fromProperties(p);
        assertThat(c.listenPort()).isEqualTo(9000);
        assertThat(c.brokerHost()).isEqualTo("broker1");
        assertThat(c.listenHost()).isEqualTo("127.0.0.1");
        p.setProperty("console.colour", "blue");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(p)).hasMessageContaining("console.colour");
        Properties bad = new Properties();
        bad.setProperty("console.listen.port", "http");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(bad)).hasMessageContaining("console.listen.port");
        assertThatThrownBy(() -> ConsoleConfig.defaults().withListen("127.0.0.1", 70000))
                .hasMessageContaining("0 to 65535");
    }

    @Test
    void theCommandLinePointsTheConsoleAtABroker() {
        ConsoleConfig c = ConsoleMain.parse(new String[] {"--broker", "10.0.0.5:7777", "--listen", "0.0.0.0:8000"});
        assertThat(c.brokerHost()).isEqualTo("10.0.0.5");
        assertThat(c.brokerPort()).isEqualTo(7777);
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ConsoleMain.parse(new String[] {"--broker", "nohost"}))
                .hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ConsoleMain.parse(new String[] {"--bogus", "x"}))
                .hasMessageContaining("unknown option");
    }

    @Test
    void destinationNamesAndSelectorsAreCheckedWithClearMessages() {
        assertThat(Inputs.destination("orders.eu-1_x", "name")).isEqualTo("orders.eu-1_x");
        assertThatThrownBy(() -> Inputs.destination("a/b", "name"))
                .hasMessageContaining("invalid destination name 'a/b'");
        assertThatThrownBy(() -> Inputs.destination("..", "name")).hasMessageContaining("invalid destination name");
        assertThatThrownBy(() -> Inputs.destination("_temp.q", "name")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Inputs.destination("x".repeat(201), "name")).isInstanceOf(ConsoleException.class);
        assertThat(Inputs.selector(" ")).isNull();
        assertThat(Inputs.selector("a > 1")).isEqualTo("a > 1");
        assertThatThrownBy(() -> Inputs.selector("a >"))
                .isInstanceOfSatisfying(ConsoleException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("selector");
                })
                .hasMessageStartingWith("invalid selector:");
    }

    @Test
    void pagePositionsRoundTripAndBadOnesAreRefused() {
        assertThat(MessageRoutes.positions("0:12,3:7"))
                .containsExactly(new BrowseRequest.Position(0, 12), new BrowseRequest.Position(3, 7));
        assertThat(MessageRoutes.positions(null)).isNull();
        assertThatThrownBy(() -> MessageRoutes.positions("0-12")).hasMessageContaining("PARTITION:OFFSET");
    }

    @Test
    void brokerErrorsBecomeHttpStatuses() {
        assertThat(BrokerCalls.statusOf(ErrorCode.INVALID_TOPIC_NAME)).isEqualTo(400);
        assertThat(BrokerCalls.statusOf(ErrorCode.INVALID_SELECTOR)).isEqualTo(400);
        assertThat(BrokerCalls.statusOf(ErrorCode.UNKNOWN_TOPIC)).isEqualTo(404);
        assertThat(BrokerCalls.statusOf(ErrorCode.UNKNOWN_CONNECTION)).isEqualTo(404);
        assertThat(BrokerCalls.statusOf(ErrorCode.TOPIC_ALREADY_EXISTS)).isEqualTo(409);
        assertThat(BrokerCalls.statusOf(ErrorCode.AUTHORIZATION_FAILED)).isEqualTo(403);
        assertThat(BrokerCalls.statusOf(ErrorCode.CONNECTION_LOST)).isEqualTo(503);
    }

    @Test
    void typedValuesOfTheSendFormAreParsedOrRefused() {
        assertThat(TestMessages.typedValue(Map.of("type", "long", "value", "42"), "p"))
                .isEqualTo(42L);
        assertThat(TestMessages.typedValue(Map.of("type", "boolean", "value", "TRUE"), "p"))
                .isEqualTo(true);
        assertThat(TestMessages.typedValue(Map.of("value", "x"), "p")).isEqualTo("x");
        assertThatThrownBy(() -> TestMessages.typedValue(Map.of("type", "boolean", "value", "yes"), "p"))
                .hasMessageContaining("'yes' is not a boolean");
        assertThatThrownBy(() -> TestMessages.typedValue(Map.of("type", "date", "value", "1"), "p"))
                .hasMessageContaining("unknown type 'date'");
    }

    @Test
    void prometheusTextHasHelpTypeAndEscapedLabels() {
        BrokerStatsResponse b = new BrokerStatsResponse(
                0, "1", false, 1_000L, 61_000L, 2, 1, 1, "/d", 10, 20, 30, 40, 50, 60, 7, 100, 90);
        String text = PrometheusFormat.render(
                b, List.of(new DestinationStats("we\"ird\\name", "queue", 1, 5, 4, 1024, 100, 90, 1, 2)));
        assertThat(text)
                .contains("# HELP sluice_broker_uptime_seconds ")
                .contains("# TYPE sluice_broker_uptime_seconds gauge\nsluice_broker_uptime_seconds 60\n")
                .contains("# TYPE sluice_broker_messages_out_total counter\nsluice_broker_messages_out_total 90\n")
                .contains("sluice_destination_messages_pending{destination=\"we\\\"ird\\\\name\",type=\"queue\"} 4\n");
        assertThat(PrometheusFormat.escape("a\nb")).isEqualTo("a\\nb");
    }
}
