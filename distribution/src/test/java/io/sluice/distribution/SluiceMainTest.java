package io.sluice.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.console.ConsoleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SluiceMainTest {
    @Test
    void consoleOptionsAreTakenOutAndTheRestGoesToTheBroker() {
        SluiceMain.ConsoleOptions o =
                SluiceMain.split(new String[] {"--port", "0", "--console-listen", "127.0.0.1:9000", "--data-dir", "d"});
        assertThat(o.enabled()).isTrue();
        assertThat(o.listen()).isEqualTo("127.0.0.1:9000");
        assertThat(o.brokerArgs()).containsExactly("--port", "0", "--data-dir", "d");
        assertThat(SluiceMain.split(new String[] {"--no-console"}).enabled()).isFalse();
    }

    @Test
    void theConsoleListensOn8161ByDefaultAndWhereItIsTold() {
        ConsoleConfig defaults = SluiceMain.consoleConfig(null);
        assertThat(defaults.listenHost()).isEqualTo("127.0.0.1");
        assertThat(defaults.listenPort()).isEqualTo(8161);
        ConsoleConfig told = SluiceMain.consoleConfig("0.0.0.0:9090");
        assertThat(told.listenHost()).isEqualTo("0.0.0.0");
        assertThat(told.listenPort()).isEqualTo(9090);
        assertThatThrownBy(() -> SluiceMain.consoleConfig("9090")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> SluiceMain.split(new String[] {"--console-listen"}))
                .hasMessageContaining("needs HOST:PORT");
    }
}
