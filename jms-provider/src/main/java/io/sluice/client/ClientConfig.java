package io.sluice.client;

import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * How a {@link SluiceClient} connects: broker address, identity, credentials, timeouts, heartbeats
 * and reconnection. Built with {@link #builder()} or read from {@link Properties} whose keys are the
 * builder's method names ({@code requestTimeoutMs=5000}); see {@code docs/client.md}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ClientConfig {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SOFTWARE = "clientSoftware";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String REQUEST_TIMEOUT_MS = "requestTimeoutMs";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeatIntervalMs";
    public static final String RECONNECT_MAX_ATTEMPTS = "reconnectMaxAttempts";
    public static final String RECONNECT_BACKOFF_MS = "reconnectBackoffMs";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnectBackoffMaxMs";
    public static final String RECONNECT_TIMEOUT_MS = "reconnectTimeoutMs";
    public static final String MAX_INBOUND_FRAME_BYTES = "maxInboundFrameBytes";
    public static final String TLS_ENABLED = "tlsEnabled";
    public static final String TLS_TRUSTSTORE_PATH = "tlsTruststorePath";
    public static final String TLS_TRUSTSTORE_PASSWORD = "tlsTruststorePassword";
    public static final String TLS_TRUSTSTORE_TYPE = "tlsTruststoreType";
    public static final String TLS_HOSTNAME_VERIFICATION = "tlsHostnameVerification";

    /** Every key {@link #fromProperties} understands. */
    public static final Set<String> KEYS = Set.of(
            HOST,
            PORT,
            CLIENT_ID,
            CLIENT_SOFTWARE,
            USERNAME,
            PASSWORD,
            CONNECT_TIMEOUT_MS,
            REQUEST_TIMEOUT_MS,
            HEARTBEAT_INTERVAL_MS,
            RECONNECT_MAX_ATTEMPTS,
            RECONNECT_BACKOFF_MS,
            RECONNECT_BACKOFF_MAX_MS,
            RECONNECT_TIMEOUT_MS,
            MAX_INBOUND_FRAME_BYTES,
            TLS_ENABLED,
            TLS_TRUSTSTORE_PATH,
            TLS_TRUSTSTORE_PASSWORD,
            TLS_TRUSTSTORE_TYPE,
            TLS_HOSTNAME_VERIFICATION);

    public static final int DEFAULT_PORT = 7676;
    static final String DEFAULT_SOFTWARE = "sluice-client/0.1.0";

    private final String host;
    private final int port;
    private final String clientId;
    private final String clientSoftware;
    private final String username;
    private final String password;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final int heartbeatIntervalMs;
    private final int reconnectMaxAttempts;
    private final int reconnectBackoffMs;
    private final int reconnectBackoffMaxMs;
    private final int reconnectTimeoutMs;
    private final int maxInboundFrameBytes;
    private final boolean tlsEnabled;
    private final String tlsTruststorePath;
    private final String tlsTruststorePassword;
    private final String tlsTruststoreType;
    private final boolean tlsHostnameVerification;
    private final Executor callbackExecutor;

    private ClientConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.clientId = b.clientId;
        this.clientSoftware = b.clientSoftware;
        this.username = b.username;
        this.password = b.password;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.requestTimeoutMs = b.requestTimeoutMs;
        this.heartbeatIntervalMs = b.heartbeatIntervalMs;
        this.reconnectMaxAttempts = b.reconnectMaxAttempts;
        this.reconnectBackoffMs = b.reconnectBackoffMs;
        this.reconnectBackoffMaxMs = b.reconnectBackoffMaxMs;
        this.reconnectTimeoutMs = b.reconnectTimeoutMs;
        this.maxInboundFrameBytes = b.maxInboundFrameBytes;
        this.tlsEnabled = b.tlsEnabled;
        this.tlsTruststorePath = b.tlsTruststorePath;
        this.tlsTruststorePassword = b.tlsTruststorePassword;
        this.tlsTruststoreType = b.tlsTruststoreType;
        this.tlsHostnameVerification = b.tlsHostnameVerification;
        this.callbackExecutor = b.callbackExecutor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration; keys of {@link ProducerConfig} and {@link ConsumerConfig} are allowed
     * in the same properties and ignored here, any other unknown key is rejected.
     *
     * @throws IllegalArgumentException naming the first key that is unknown or out of range
     */
    public static ClientConfig fromProperties(Properties properties) {
        ConfigValues v = new ConfigValues(properties);
        Builder b = builder();
        if (v.has(HOST)) b.host(v.string(HOST));
        if (v.has(PORT)) b.port(v.intValue(PORT));
        if (v.has(CLIENT_ID)) b.clientId(v.string(CLIENT_ID));
        if (v.has(CLIENT_SOFTWARE)) b.clientSoftware(v.string(CLIENT_SOFTWARE));
        if (v.has(USERNAME)) b.username(v.string(USERNAME));
        if (v.has(PASSWORD)) b.password(properties.getProperty(PASSWORD));
        v.string(PASSWORD);
        if (v.has(CONNECT_TIMEOUT_MS)) b.connectTimeoutMs(v.intValue(CONNECT_TIMEOUT_MS));
        if (v.has(REQUEST_TIMEOUT_MS)) b.requestTimeoutMs(v.intValue(REQUEST_TIMEOUT_MS));
        if (v.has(HEARTBEAT_INTERVAL_MS)) b.heartbeatIntervalMs(v.intValue(HEARTBEAT_INTERVAL_MS));
        if (v.has(RECONNECT_MAX_ATTEMPTS)) b.reconnectMaxAttempts(v.intValue(RECONNECT_MAX_ATTEMPTS));
        if (v.has(RECONNECT_BACKOFF_MS)) b.reconnectBackoffMs(v.intValue(RECONNECT_BACKOFF_MS));
        if (v.has(RECONNECT_BACKOFF_MAX_MS)) b.reconnectBackoffMaxMs(v.intValue(RECONNECT_BACKOFF_MAX_MS));
        if (v.has(RECONNECT_TIMEOUT_MS)) b.reconnectTimeoutMs(v.intValue(RECONNECT_TIMEOUT_MS));
        if (v.has(MAX_INBOUND_FRAME_BYTES)) b.maxInboundFrameBytes(v.intValue(MAX_INBOUND_FRAME_BYTES));
        if (v.has(TLS_ENABLED)) b.tlsEnabled(v.booleanValue(TLS_ENABLED));
        if (v.has(TLS_TRUSTSTORE_PATH)) b.tlsTruststorePath(v.string(TLS_TRUSTSTORE_PATH));
        if (v.has(TLS_TRUSTSTORE_PASSWORD)) b.tlsTruststorePassword(properties.getProperty(TLS_TRUSTSTORE_PASSWORD));
        v.string(TLS_TRUSTSTORE_PASSWORD);
        if (v.has(TLS_TRUSTSTORE_TYPE)) b.tlsTruststoreType(v.string(TLS_TRUSTSTORE_TYPE));
        if (v.has(TLS_HOSTNAME_VERIFICATION)) b.tlsHostnameVerification(v.booleanValue(TLS_HOSTNAME_VERIFICATION));
        v.rejectUnknown("client", union(ProducerConfig.KEYS, ConsumerConfig.KEYS));
        return b.build();
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The JMS client id sent in the handshake, or {@code null}. */
    public String clientId() {
        return clientId;
    }

    public String clientSoftware() {
        return clientSoftware;
    }

    public String username() {
        return username;
    }

    /** The password, or {@code null}; never logged or printed by {@link #toString()}. */
    public String password() {
        return password;
    }

    /** Limit for opening the TCP connection and completing the handshake. */
    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** Default limit for an answer to any request (a fetch adds its own maxWaitMs). */
    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** Heartbeat period when the connection is otherwise quiet; 0 = a third of the broker's idle timeout. */
    public int heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** Reconnect attempts after a connection loss before giving up; -1 = no limit, 0 = never reconnect. */
    public int reconnectMaxAttempts() {
        return reconnectMaxAttempts;
    }

    /** Wait before the first reconnect attempt; doubled after each failure up to {@link #reconnectBackoffMaxMs()}. */
    public int reconnectBackoffMs() {
        return reconnectBackoffMs;
    }

    public int reconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    /** Total time to keep trying to reconnect after a loss, before giving up. */
    public int reconnectTimeoutMs() {
        return reconnectTimeoutMs;
    }

    /** Largest frame accepted from the broker (fetch responses are the large ones). */
    public int maxInboundFrameBytes() {
        return maxInboundFrameBytes;
    }

    /** Whether the connection is encrypted with TLS (the broker's port must have TLS on). */
    public boolean tlsEnabled() {
        return tlsEnabled;
    }

    /** Trust store with the certificates (or their CA) the broker may present; null for the JDK's default. */
    public String tlsTruststorePath() {
        return tlsTruststorePath;
    }

    /** The trust store's password, or null; never printed by {@link #toString()}. */
    public String tlsTruststorePassword() {
        return tlsTruststorePassword;
    }

    /** {@code PKCS12} (default) or {@code JKS}. */
    public String tlsTruststoreType() {
        return tlsTruststoreType;
    }

    /** Whether the broker's certificate must name {@link #host()} (DNS name or IP address). */
    public boolean tlsHostnameVerification() {
        return tlsHostnameVerification;
    }

    /** Where completions and listener callbacks run, or {@code null} for the client's own thread. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    @Override
    public String toString() {
        return "ClientConfig[" + host + ":" + port + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", connectTimeoutMs=" + connectTimeoutMs
                + ", requestTimeoutMs=" + requestTimeoutMs + ", heartbeatIntervalMs=" + heartbeatIntervalMs
                + ", reconnectMaxAttempts=" + reconnectMaxAttempts + ", reconnectBackoffMs=" + reconnectBackoffMs
                + ", reconnectBackoffMaxMs=" + reconnectBackoffMaxMs + ", reconnectTimeoutMs=" + reconnectTimeoutMs
                + ", maxInboundFrameBytes=" + maxInboundFrameBytes + ", tlsEnabled=" + tlsEnabled
                + ", tlsTruststorePath=" + tlsTruststorePath + ", tlsTruststorePassword="
                + (tlsTruststorePassword == null ? "null" : "***") + ", tlsTruststoreType=" + tlsTruststoreType
                + ", tlsHostnameVerification=" + tlsHostnameVerification + "]";
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String host = "localhost";
        private int port = DEFAULT_PORT;
        private String clientId;
        private String clientSoftware = DEFAULT_SOFTWARE;
        private String username;
        private String password;
        private int connectTimeoutMs = 10_000;
        private int requestTimeoutMs = 30_000;
        private int heartbeatIntervalMs = 0;
        private int reconnectMaxAttempts = -1;
        private int reconnectBackoffMs = 100;
        private int reconnectBackoffMaxMs = 5_000;
        private int reconnectTimeoutMs = 60_000;
        private int maxInboundFrameBytes = 128 * 1024 * 1024;
        private boolean tlsEnabled = false;
        private String tlsTruststorePath;
        private String tlsTruststorePassword;
        private String tlsTruststoreType = "PKCS12";
        private boolean tlsHostnameVerification = true;
        private Executor callbackExecutor;

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, HOST);
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSoftware(String clientSoftware) {
            this.clientSoftware = Objects.requireNonNull(clientSoftware, CLIENT_SOFTWARE);
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder connectTimeoutMs(int connectTimeoutMs) {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        public Builder requestTimeoutMs(int requestTimeoutMs) {
            this.requestTimeoutMs = requestTimeoutMs;
            return this;
        }

        public Builder heartbeatIntervalMs(int heartbeatIntervalMs) {
            this.heartbeatIntervalMs = heartbeatIntervalMs;
            return this;
        }

        public Builder reconnectMaxAttempts(int reconnectMaxAttempts) {
            this.reconnectMaxAttempts = reconnectMaxAttempts;
            return this;
        }

        public Builder reconnectBackoffMs(int reconnectBackoffMs) {
            this.reconnectBackoffMs = reconnectBackoffMs;
            return this;
        }

        public Builder reconnectBackoffMaxMs(int reconnectBackoffMaxMs) {
            this.reconnectBackoffMaxMs = reconnectBackoffMaxMs;
            return this;
        }

        public Builder reconnectTimeoutMs(int reconnectTimeoutMs) {
            this.reconnectTimeoutMs = reconnectTimeoutMs;
            return this;
        }

        public Builder maxInboundFrameBytes(int maxInboundFrameBytes) {
            this.maxInboundFrameBytes = maxInboundFrameBytes;
            return this;
        }

        /** Encrypts the connection with TLS. */
        public Builder tlsEnabled(boolean tlsEnabled) {
            this.tlsEnabled = tlsEnabled;
            return this;
        }

        /** A trust store holding the broker's certificate or its CA; without one the JDK's default is used. */
        public Builder tlsTruststorePath(String tlsTruststorePath) {
            this.tlsTruststorePath = tlsTruststorePath;
            return this;
        }

        public Builder tlsTruststorePassword(String tlsTruststorePassword) {
            this.tlsTruststorePassword = tlsTruststorePassword;
            return this;
        }

        /** {@code PKCS12} (default) or {@code JKS}. */
        public Builder tlsTruststoreType(String tlsTruststoreType) {
            this.tlsTruststoreType = Objects.requireNonNull(tlsTruststoreType, TLS_TRUSTSTORE_TYPE);
            return this;
        }

        /**
         * Whether the broker's certificate must name the configured host (default true). Turn it
         * off only for a broker reached under a name its certificate does not carry.
         */
        public Builder tlsHostnameVerification(boolean tlsHostnameVerification) {
            this.tlsHostnameVerification = tlsHostnameVerification;
            return this;
        }

        /**
         * Runs completions of returned futures and listener callbacks. Callbacks are handed to it one
         * at a time, in order, so a multi-threaded executor still sees them serially. Without one,
         * the client starts its own daemon thread.
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = callbackExecutor;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public ClientConfig build() {
            ConfigValues.check(!host.isBlank(), HOST, "must not be blank", "'" + host + "'");
            ConfigValues.check(port >= 0 && port <= 65535, PORT, "must lie in [0, 65535]", port);
            ConfigValues.check(connectTimeoutMs > 0, CONNECT_TIMEOUT_MS, "must be positive", connectTimeoutMs);
            ConfigValues.check(requestTimeoutMs > 0, REQUEST_TIMEOUT_MS, "must be positive", requestTimeoutMs);
            ConfigValues.check(
                    heartbeatIntervalMs >= 0, HEARTBEAT_INTERVAL_MS, "must not be negative", heartbeatIntervalMs);
            ConfigValues.check(
                    reconnectMaxAttempts >= -1, RECONNECT_MAX_ATTEMPTS, "must be -1 or more", reconnectMaxAttempts);
            ConfigValues.check(
                    reconnectBackoffMs >= 0, RECONNECT_BACKOFF_MS, "must not be negative", reconnectBackoffMs);
            ConfigValues.check(
                    reconnectBackoffMaxMs >= reconnectBackoffMs,
                    RECONNECT_BACKOFF_MAX_MS,
                    "must be at least reconnectBackoffMs (" + reconnectBackoffMs + ")",
                    reconnectBackoffMaxMs);
            ConfigValues.check(
                    reconnectTimeoutMs >= 0, RECONNECT_TIMEOUT_MS, "must not be negative", reconnectTimeoutMs);
            ConfigValues.check(
                    maxInboundFrameBytes >= 1024,
                    MAX_INBOUND_FRAME_BYTES,
                    "must be at least 1024",
                    maxInboundFrameBytes);
            String type = tlsTruststoreType.toUpperCase(java.util.Locale.ROOT);
            ConfigValues.check(
                    type.equals("PKCS12") || type.equals("JKS"),
                    TLS_TRUSTSTORE_TYPE,
                    "must be PKCS12 or JKS",
                    "'" + tlsTruststoreType + "'");
            tlsTruststoreType = type;
            ConfigValues.check(
                    tlsEnabled || tlsTruststorePath == null,
                    TLS_TRUSTSTORE_PATH,
                    "is set but tlsEnabled is false",
                    "'" + tlsTruststorePath + "'");
            return new ClientConfig(this);
        }
    }
}
