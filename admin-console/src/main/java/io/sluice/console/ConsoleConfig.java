package io.sluice.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How a console runs: where it listens, which broker it manages and, while the broker's security
 * is off, the password that protects it.
 *
 * <pre>
 * console.listen.host        127.0.0.1   address the web server binds
 * console.listen.port        8161        HTTP port; 0 picks a free one
 * console.broker.host        127.0.0.1   the broker's host
 * console.broker.port        7676        the broker's Sluice protocol port
 * console.admin.password     (none)      with broker security off: the password of user "admin";
 *                                        unset, one is generated at start and printed once
 * console.session.timeout.ms 1800000     a session unused this long is logged out
 * console.request.timeout.ms 30000       how long one broker request may take
 * console.tls.enabled        false       serve HTTPS (needs console.tls.keystore.path)
 * console.tls.keystore.path  (none)      PKCS12 or JKS key store with the console's key and certificate
 * console.tls.keystore.password (none)   its password
 * console.tls.keystore.type  PKCS12      or JKS
 * console.tls.key.password   (store's)   the private key's password (JKS)
 * console.broker.tls.enabled false       connect to the broker with TLS
 * console.broker.tls.truststore.path (none: JDK cacerts)  trust store with the broker's certificate or CA
 * console.broker.tls.truststore.password (none)
 * console.broker.tls.truststore.type PKCS12
 * console.broker.tls.hostname.verification true  the certificate must name console.broker.host
 * </pre>
 *
 * <p>Immutable; thread-safe.
 */
public record ConsoleConfig(
        String listenHost,
        int listenPort,
        String brokerHost,
        int brokerPort,
        String adminPassword,
        Duration sessionTimeout,
        Duration requestTimeout,
        ConsoleHttps https,
        BrokerTls brokerTls) {

    public static final String LISTEN_HOST = "console.listen.host";
    public static final String LISTEN_PORT = "console.listen.port";
    public static final String BROKER_HOST = "console.broker.host";
    public static final String BROKER_PORT = "console.broker.port";
    public static final String ADMIN_PASSWORD = "console.admin.password";
    public static final String SESSION_TIMEOUT_MS = "console.session.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "console.request.timeout.ms";
    public static final String TLS_ENABLED = "console.tls.enabled";
    public static final String TLS_KEYSTORE_PATH = "console.tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD = "console.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "console.tls.keystore.type";
    public static final String TLS_KEY_PASSWORD = "console.tls.key.password";
    public static final String BROKER_TLS_ENABLED = "console.broker.tls.enabled";
    public static final String BROKER_TLS_TRUSTSTORE_PATH = "console.broker.tls.truststore.path";
    public static final String BROKER_TLS_TRUSTSTORE_PASSWORD = "console.broker.tls.truststore.password";
    public static final String BROKER_TLS_TRUSTSTORE_TYPE = "console.broker.tls.truststore.type";
    public static final String BROKER_TLS_HOSTNAME_VERIFICATION = "console.broker.tls.hostname.verification";
    public static final Set<String> KEYS = Set.of(
            LISTEN_HOST,
            LISTEN_PORT,
            BROKER_HOST,
            BROKER_PORT,
            ADMIN_PASSWORD,
            SESSION_TIMEOUT_MS,
            REQUEST_TIMEOUT_MS,
            TLS_ENABLED,
            TLS_KEYSTORE_PATH,
            TLS_KEYSTORE_PASSWORD,
            TLS_KEYSTORE_TYPE,
            TLS_KEY_PASSWORD,
            BROKER_TLS_ENABLED,
            BROKER_TLS_TRUSTSTORE_PATH,
            BROKER_TLS_TRUSTSTORE_PASSWORD,
            BROKER_TLS_TRUSTSTORE_TYPE,
            BROKER_TLS_HOSTNAME_VERIFICATION);
    /** The default address of the console: http://127.0.0.1:8161/. */
    public static final int DEFAULT_PORT = 8161;

    public ConsoleConfig {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(brokerHost, "brokerHost");
        checkPort(LISTEN_PORT, listenPort);
        checkPort(BROKER_PORT, brokerPort);
        if (adminPassword != null && adminPassword.isEmpty()) {
            throw new IllegalArgumentException(ADMIN_PASSWORD + " must not be empty (leave it unset to generate one)");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException(SESSION_TIMEOUT_MS + " must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " must be positive");
        }
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be 0 to 65535, was " + port);
        }
    }

    /** The defaults: listen on 127.0.0.1:8161, manage the broker at 127.0.0.1:7676. */
    public static ConsoleConfig defaults() {
        return new ConsoleConfig(
                "127.0.0.1",
                DEFAULT_PORT,
                "127.0.0.1",
                7676,
                null,
                Duration.ofMinutes(30),
                Duration.ofSeconds(30),
                null,
                null);
    }

    public ConsoleConfig withListen(String host, int port) {
        return new ConsoleConfig(
                host, port, brokerHost, brokerPort, adminPassword, sessionTimeout, requestTimeout, https, brokerTls);
    }

    public ConsoleConfig withBroker(String host, int port) {
        return new ConsoleConfig(
                listenHost, listenPort, host, port, adminPassword, sessionTimeout, requestTimeout, https, brokerTls);
    }

    public ConsoleConfig withAdminPassword(String password) {
        return new ConsoleConfig(
                listenHost,
                listenPort,
                brokerHost,
                brokerPort,
                password,
                sessionTimeout,
                requestTimeout,
                https,
                brokerTls);
    }

    /** Serves HTTPS with this key store; null: plain HTTP. */
    public ConsoleConfig withHttps(ConsoleHttps tls) {
        return new ConsoleConfig(
                listenHost,
                listenPort,
                brokerHost,
                brokerPort,
                adminPassword,
                sessionTimeout,
                requestTimeout,
                tls,
                brokerTls);
    }

    /** Connects to the broker with TLS; null: without. */
    public ConsoleConfig withBrokerTls(BrokerTls tls) {
        return new ConsoleConfig(
                listenHost,
                listenPort,
                brokerHost,
                brokerPort,
                adminPassword,
                sessionTimeout,
                requestTimeout,
                https,
                tls);
    }

    /** Whether the web server speaks HTTPS. */
    public boolean isHttps() {
        return https != null;
    }

    /**
     * The defaults overridden by the {@code console.*} keys of {@code properties}; other keys are
     * ignored (the broker's file may hold both).
     *
     * @throws IllegalArgumentException naming the key, for an unknown {@code console.*} key or a bad value
     */
    public static ConsoleConfig fromProperties(Properties properties) {
        ConsoleConfig c = defaults();
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("console.") && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown configuration key '" + key + "'; known: " + KEYS);
            }
        }
        String listenHost = properties.getProperty(LISTEN_HOST, c.listenHost()).trim();
        int listenPort = intValue(properties, LISTEN_PORT, c.listenPort());
        String brokerHost = properties.getProperty(BROKER_HOST, c.brokerHost()).trim();
        int brokerPort = intValue(properties, BROKER_PORT, c.brokerPort());
        String password = properties.getProperty(ADMIN_PASSWORD);
        long session = intValue(
                properties, SESSION_TIMEOUT_MS, (int) c.sessionTimeout().toMillis());
        long request = intValue(
                properties, REQUEST_TIMEOUT_MS, (int) c.requestTimeout().toMillis());
        return new ConsoleConfig(
                listenHost,
                listenPort,
                brokerHost,
                brokerPort,
                password,
                Duration.ofMillis(session),
                Duration.ofMillis(request),
                httpsOf(properties),
                brokerTlsOf(properties));
    }

    private static ConsoleHttps httpsOf(Properties p) {
        String path = p.getProperty(TLS_KEYSTORE_PATH);
        if (!booleanValue(p, TLS_ENABLED, false)) {
            for (String key :
                    new String[] {TLS_KEYSTORE_PATH, TLS_KEYSTORE_PASSWORD, TLS_KEYSTORE_TYPE, TLS_KEY_PASSWORD}) {
                if (p.getProperty(key) != null) {
                    throw new IllegalArgumentException(key + " is set but " + TLS_ENABLED + " is not true");
                }
            }
            return null;
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(TLS_ENABLED + "=true needs " + TLS_KEYSTORE_PATH);
        }
        return new ConsoleHttps(
                Path.of(path.trim()),
                p.getProperty(TLS_KEYSTORE_PASSWORD),
                p.getProperty(TLS_KEYSTORE_TYPE),
                p.getProperty(TLS_KEY_PASSWORD));
    }

    private static BrokerTls brokerTlsOf(Properties p) {
        if (!booleanValue(p, BROKER_TLS_ENABLED, false)) {
            for (String key : new String[] {
                BROKER_TLS_TRUSTSTORE_PATH,
                BROKER_TLS_TRUSTSTORE_PASSWORD,
                BROKER_TLS_TRUSTSTORE_TYPE,
                BROKER_TLS_HOSTNAME_VERIFICATION
            }) {
                if (p.getProperty(key) != null) {
                    throw new IllegalArgumentException(key + " is set but " + BROKER_TLS_ENABLED + " is not true");
                }
            }
            return null;
        }
        String path = p.getProperty(BROKER_TLS_TRUSTSTORE_PATH);
        return new BrokerTls(
                path == null || path.isBlank() ? null : Path.of(path.trim()),
                p.getProperty(BROKER_TLS_TRUSTSTORE_PASSWORD),
                p.getProperty(BROKER_TLS_TRUSTSTORE_TYPE),
                booleanValue(p, BROKER_TLS_HOSTNAME_VERIFICATION, true));
    }

    private static boolean booleanValue(Properties p, String key, boolean fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        };
    }

    private static int intValue(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
        }
    }

    /** Never prints the admin password (the TLS settings hide theirs). */
    @Override
    public String toString() {
        return "ConsoleConfig[listen=" + listenHost + ":" + listenPort + ", broker=" + brokerHost + ":" + brokerPort
                + ", adminPassword=" + (adminPassword == null ? "generated" : "***") + ", sessionTimeout="
                + sessionTimeout + ", requestTimeout=" + requestTimeout + ", https=" + https + ", brokerTls="
                + brokerTls + "]";
    }

    /** Parses {@code host:port}. */
    static String[] hostAndPort(String value, String what) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(what + " must be HOST:PORT, was '" + value + "'");
        }
        return new String[] {value.substring(0, colon).toLowerCase(Locale.ROOT), value.substring(colon + 1)};
    }
}
