package io.sluice.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a broker as a process until SIGTERM or Ctrl-C, which shut it down cleanly.
 *
 * <pre>
 * java -jar sluice-broker.jar [--config FILE] [--port N] [--data-dir DIR]
 *                             [--set key=value]... [--port-file FILE]
 * </pre>
 *
 * <p>Without {@code --config}, {@code conf/broker.properties} in the working directory is read if
 * it exists; otherwise the built-in defaults apply. Options override the file, in the order given.
 * See {@code docs/configuration.md}.
 */
public final class BrokerMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);
    static final Path DEFAULT_CONFIG = Path.of("conf", "broker.properties");

    private BrokerMain() {}

    /** The parsed command line (also for launchers that start the broker with more, such as the distribution). */
    public record Options(BrokerConfig config, Path portFile) {}

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (BrokerConfigException e) {
            System.err.println("sluice-broker: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        SluiceBroker broker;
        try {
            broker = SluiceBroker.start(options.config());
        } catch (BrokerStartException e) {
            log.error("Broker failed to start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "sluice-shutdown"));
        if (options.portFile() != null) {
            try {
                writePortFile(options.portFile(), broker.port());
            } catch (IOException e) {
                log.error("Cannot write the port file {}", options.portFile(), e);
                System.exit(1);
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses the command line; null means "print the usage and exit".
     *
     * @throws BrokerConfigException for an unknown option, a missing value or a bad setting
     */
    public static Options parse(String[] args) {
        Path configFile = null;
        Path portFile = null;
        List<String[]> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--config" -> configFile = Path.of(value(args, ++i, arg));
                case "--port" -> overrides.add(new String[] {"listen.port", value(args, ++i, arg)});
                case "--data-dir" -> overrides.add(new String[] {"data.dir", value(args, ++i, arg)});
                case "--port-file" -> portFile = Path.of(value(args, ++i, arg));
                case "--set" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new BrokerConfigException("--set expects key=value, got '" + kv + "'");
                    }
                    overrides.add(new String[] {
                        kv.substring(0, eq).trim(), kv.substring(eq + 1).trim()
                    });
                }
                default -> throw new BrokerConfigException("unknown option '" + arg + "'");
            }
        }
        Properties properties = new Properties();
        if (configFile != null) {
            properties.putAll(BrokerProperties.load(configFile));
        } else if (Files.isRegularFile(DEFAULT_CONFIG)) {
            properties.putAll(BrokerProperties.load(DEFAULT_CONFIG));
        }
        for (String[] kv : overrides) {
            properties.setProperty(kv[0], kv[1]);
        }
        return new Options(
                BrokerProperties.apply(properties, BrokerConfig.builder()).build(), portFile);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new BrokerConfigException(option + " needs a value");
        }
        return args[i];
    }

    /** Writes the port atomically, so a reader never sees a partial file. */
    public static void writePortFile(Path file, int port) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static String usage() {
        return String.join(
                System.lineSeparator(),
                "usage: java -jar sluice-broker.jar [options]",
                "  --config FILE     broker properties (default: conf/broker.properties if present)",
                "  --port N          listen port (listen.port); 0 picks a free port",
                "  --data-dir DIR    data directory (data.dir)",
                "  --set KEY=VALUE   any configuration key; repeatable",
                "  --port-file FILE  write the bound port to FILE once listening",
                "  --help            print this help");
    }
}
