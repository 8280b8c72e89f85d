package io.sluice.distribution;

import io.sluice.broker.BrokerConfigException;
import io.sluice.broker.BrokerMain;
import io.sluice.broker.BrokerStartException;
import io.sluice.broker.SluiceBroker;
import io.sluice.console.ConsoleConfig;
import io.sluice.console.ConsoleMain;
import io.sluice.console.SluiceConsole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a broker and the web console next to it, in one process:
 *
 * <pre>
 * java -jar sluice.jar [broker options] [--console-listen HOST:PORT] [--no-console]
 * </pre>
 *
 * Broker options and {@code conf/broker.properties} are those of {@link BrokerMain}; the console
 * reads the {@code console.*} keys of {@code conf/console.properties} if it exists (default
 * http://127.0.0.1:8161/) and manages the local broker over the Sluice protocol. Exit status 1 if
 * either cannot start, 2 for a bad command line.
 */
public final class SluiceMain {
    static final Path CONSOLE_CONFIG = Path.of("conf", "console.properties");

    private SluiceMain() {}

    /** What the command line asks of the console. */
    record ConsoleOptions(boolean enabled, String listen, List<String> brokerArgs) {}

    public static void main(String[] args) throws InterruptedException {
        ConsoleOptions consoleOptions;
        BrokerMain.Options brokerOptions;
        ConsoleConfig consoleConfig = null;
        try {
            consoleOptions = split(args);
            brokerOptions = BrokerMain.parse(consoleOptions.brokerArgs().toArray(String[]::new));
            if (brokerOptions == null) {
                System.out.println(BrokerMain.usage().replace("sluice-broker.jar", "sluice.jar"));
                System.out.println(
                        "  --console-listen HOST:PORT  where the web console listens (default 127.0.0.1:8161)");
                System.out.println("  --no-console      start the broker only");
                return;
            }
            if (consoleOptions.enabled()) {
                consoleConfig = consoleConfig(consoleOptions.listen());
            }
        } catch (BrokerConfigException | IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            System.exit(2);
            return;
        }
        SluiceBroker broker;
        try {
            broker = SluiceBroker.start(brokerOptions.config());
        } catch (BrokerStartException e) {
            System.err.println("sluice: the broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        SluiceConsole console = null;
        if (consoleConfig != null) {
            String host = broker.host().equals("0.0.0.0") ? "127.0.0.1" : broker.host();
            consoleConfig = consoleConfig.withBroker(host, broker.port());
            try {
                console = SluiceConsole.start(consoleConfig);
            } catch (RuntimeException e) {
                System.err.println("sluice: the console failed to start: " + e.getMessage());
                broker.close();
                System.exit(1);
                return;
            }
            ConsoleMain.announce(console, consoleConfig, System.out);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SluiceConsole started = console;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (started != null) {
                                started.close();
                            }
                            broker.close();
                            stopped.countDown();
                        },
                        "sluice-shutdown"));
        if (brokerOptions.portFile() != null) {
            try {
                BrokerMain.writePortFile(brokerOptions.portFile(), broker.port());
            } catch (IOException e) {
                System.err.println("sluice: cannot write the port file: " + e.getMessage());
                System.exit(1);
            }
        }
        stopped.await();
    }

    /** Takes the console's options out of the command line; the rest is the broker's. */
    static ConsoleOptions split(String[] args) {
        boolean enabled = true;
        String listen = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-console" -> enabled = false;
                case "--console-listen" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--console-listen needs HOST:PORT");
                    }
                    listen = args[++i];
                }
                default -> rest.add(args[i]);
            }
        }
        return new ConsoleOptions(enabled, listen, rest);
    }

    static ConsoleConfig consoleConfig(String listen) {
        Properties properties = new Properties();
        if (Files.isRegularFile(CONSOLE_CONFIG)) {
            try (InputStream in = Files.newInputStream(CONSOLE_CONFIG)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + CONSOLE_CONFIG + ": " + e.getMessage());
            }
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--console-listen must be HOST:PORT, was '" + listen + "'");
            }
            properties.setProperty(ConsoleConfig.LISTEN_HOST, listen.substring(0, colon));
            properties.setProperty(ConsoleConfig.LISTEN_PORT, listen.substring(colon + 1));
        }
        return ConsoleConfig.fromProperties(properties);
    }
}
