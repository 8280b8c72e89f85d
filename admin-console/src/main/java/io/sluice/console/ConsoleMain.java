package io.sluice.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the console on its own, pointed at a broker:
 *
 * <pre>
 * java -jar sluice-console.jar [--broker HOST:PORT] [--listen HOST:PORT] [--config FILE]
 * </pre>
 *
 * {@code --config} reads the {@code console.*} keys of a properties file (see {@link
 * ConsoleConfig}); the options override it. Exit status 2 for a bad command line.
 */
public final class ConsoleMain {
    private ConsoleMain() {}

    public static void main(String[] args) throws InterruptedException {
        ConsoleConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice-console: " + e.getMessage());
            System.err.println(
                    "usage: java -jar sluice-console.jar [--broker HOST:PORT] [--listen HOST:PORT] [--config FILE]");
            System.exit(2);
            return;
        }
        SluiceConsole console = SluiceConsole.start(config);
        announce(console, config, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Prints where the console is and, once, a generated password. */
    public static void announce(SluiceConsole console, ConsoleConfig config, PrintStream out) {
        out.println("Sluice console: " + (config.isHttps() ? "https" : "http") + "://" + config.listenHost() + ":"
                + console.port() + "/");
        if (console.generatedPassword() != null) {
            out.println("While the broker's security is off, log in as '" + BrokerAccess.LOCAL_ADMIN
                    + "' with the generated password " + console.generatedPassword()
                    + " (set console.admin.password to choose one)");
        }
    }

    static ConsoleConfig parse(String[] args) {
        Properties file = new Properties();
        String broker = null;
        String listen = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--broker" -> broker = value;
                case "--listen" -> listen = value;
                case "--config" -> {
                    try (InputStream in = Files.newInputStream(Path.of(value))) {
                        file.load(in);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read " + value + ": " + e.getMessage());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        ConsoleConfig config = ConsoleConfig.fromProperties(file);
        if (broker != null) {
            String[] hp = ConsoleConfig.hostAndPort(broker, "--broker");
            config = config.withBroker(hp[0], port(hp[1], "--broker"));
        }
        if (listen != null) {
            String[] hp = ConsoleConfig.hostAndPort(listen, "--listen");
            config = config.withListen(hp[0], port(hp[1], "--listen"));
        }
        return config;
    }

    private static int port(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " port must be a number, was '" + text + "'");
        }
    }
}
