package io.sluice.jms;

import io.sluice.jms.message.ObjectMessageAllowList;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link SluiceConnectionFactory} connects with, read from a URL of the form {@code
 * sluice://host:port?key=value&key=value}; values are URL-decoded ({@code %26} for {@code &}).
 *
 * <pre>
 * key                        default   meaning
 * user, password             none      credentials sent in the handshake
 * clientId                   none      administratively configured client id (setClientID is then refused)
 * prefetch                   1000      messages a consumer may hold unconsumed (credit); 0 = fetch on receive
 * sendTimeoutMs              30000     how long a waiting send waits for the broker's acknowledgement
 * blockOnNonPersistentSend   false     NON_PERSISTENT sends wait for the broker's acknowledgement too
 * connectTimeoutMs           10000     TCP connect plus handshake
 * requestTimeoutMs           30000     any other request (consumer creation, CLIENT acknowledge, ...)
 * lingerMs                   0         how long the producer waits to fill a batch
 * ackBatchSize               64        AUTO_ACKNOWLEDGE acknowledgements sent together (DUPS_OK: more)
 * objectMessageAllowList     default   classes an ObjectMessage may deserialize, see docs/jms.md
 * transactionMaxMessages     100000    messages one transaction may send plus consume (the broker's transaction.max.messages)
 * transactionMaxBytes        16777216  bytes one transaction may send (the broker's transaction.max.bytes)
 * reconnectMaxAttempts       -1        attempts after a lost connection; -1 no limit, 0 = never reconnect
 * reconnectBackoffMs         100       wait before the first attempt, doubled per failure (jitter 20 %)
 * reconnectBackoffMaxMs      5000      cap of that wait
 * reconnectTimeoutMs         60000     total time to keep reconnecting (and blocked calls wait), from the loss
 * heartbeatIntervalMs        0         heartbeat period on a quiet connection; 0 = a third of the broker's idle timeout
 * exceptionListenerOnLoss    false     also tell the ExceptionListener about each loss, not only when giving up
 * </pre>
 *
 * An unknown key or a value out of range is refused with an {@link IllegalArgumentException}
 * naming the key. The password is never part of {@link #toString()}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SCHEME = "sluice";
    public static final String DEFAULT_URL = "sluice://localhost:7676";
    public static final int DEFAULT_PORT = 7676;

    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String CLIENT_ID = "clientId";
    public static final String PREFETCH = "prefetch";
    public static final String SEND_TIMEOUT_MS = "sendTimeoutMs";
    public static final String BLOCK_ON_NON_PERSISTENT_SEND = "blockOnNonPersistentSend";
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String REQUEST_TIMEOUT_MS = "requestTimeoutMs";
    public static final String LINGER_MS = "lingerMs";
    public static final String ACK_BATCH_SIZE = "ackBatchSize";
    public static final String OBJECT_MESSAGE_ALLOW_LIST = "objectMessageAllowList";
    public static final String TRANSACTION_MAX_MESSAGES = "transactionMaxMessages";
    public static final String TRANSACTION_MAX_BYTES = "transactionMaxBytes";
    public static final String RECONNECT_MAX_ATTEMPTS = "reconnectMaxAttempts";
    public static final String RECONNECT_BACKOFF_MS = "reconnectBackoffMs";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnectBackoffMaxMs";
    public static final String RECONNECT_TIMEOUT_MS = "reconnectTimeoutMs";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeatIntervalMs";
    public static final String EXCEPTION_LISTENER_ON_LOSS = "exceptionListenerOnLoss";

    /** Every key a URL may carry. */
    public static final List<String> KEYS = List.of(
            USER,
            PASSWORD,
            CLIENT_ID,
            PREFETCH,
            SEND_TIMEOUT_MS,
            BLOCK_ON_NON_PERSISTENT_SEND,
            CONNECT_TIMEOUT_MS,
            REQUEST_TIMEOUT_MS,
            LINGER_MS,
            ACK_BATCH_SIZE,
            OBJECT_MESSAGE_ALLOW_LIST,
            TRANSACTION_MAX_MESSAGES,
            TRANSACTION_MAX_BYTES,
            RECONNECT_MAX_ATTEMPTS,
            RECONNECT_BACKOFF_MS,
            RECONNECT_BACKOFF_MAX_MS,
            RECONNECT_TIMEOUT_MS,
            HEARTBEAT_INTERVAL_MS,
            EXCEPTION_LISTENER_ON_LOSS);

    private final String host;
    private final int port;
    /** The keys set explicitly, in key order; the source of truth for {@link #toUrl()}. */
    private final TreeMap<String, String> options;

    private final int prefetch;
    private final int sendTimeoutMs;
    private final boolean blockOnNonPersistentSend;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final int lingerMs;
    private final int ackBatchSize;
    private final int transactionMaxMessages;
    private final int transactionMaxBytes;
    private final int reconnectMaxAttempts;
    private final int reconnectBackoffMs;
    private final int reconnectBackoffMaxMs;
    private final int reconnectTimeoutMs;
    private final int heartbeatIntervalMs;
    private final boolean exceptionListenerOnLoss;

    private ConnectionSettings(String host, int port, Map<String, String> options) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the broker URL names no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        this.host = host;
        this.port = port;
        this.options = new TreeMap<>(options);
        for (String key : this.options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown connection factory key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        this.prefetch = intValue(PREFETCH, 1000, 0, 1_000_000);
        this.sendTimeoutMs = intValue(SEND_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE);
        this.blockOnNonPersistentSend = booleanValue(BLOCK_ON_NON_PERSISTENT_SEND, false);
        this.connectTimeoutMs = intValue(CONNECT_TIMEOUT_MS, 10_000, 1, Integer.MAX_VALUE);
        this.requestTimeoutMs = intValue(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE);
        this.lingerMs = intValue(LINGER_MS, 0, 0, 60_000);
        this.ackBatchSize = intValue(ACK_BATCH_SIZE, 64, 1, 100_000);
        this.transactionMaxMessages = intValue(TRANSACTION_MAX_MESSAGES, 100_000, 1, 1_000_000);
        this.transactionMaxBytes = intValue(TRANSACTION_MAX_BYTES, 16 << 20, 1024, 256 << 20);
        this.reconnectMaxAttempts = intValue(RECONNECT_MAX_ATTEMPTS, -1, -1, Integer.MAX_VALUE);
        this.reconnectBackoffMs = intValue(RECONNECT_BACKOFF_MS, 100, 1, Integer.MAX_VALUE);
        this.reconnectBackoffMaxMs = intValue(RECONNECT_BACKOFF_MAX_MS, 5_000, 1, Integer.MAX_VALUE);
        this.reconnectTimeoutMs = intValue(RECONNECT_TIMEOUT_MS, 60_000, 1, Integer.MAX_VALUE);
        this.heartbeatIntervalMs = intValue(HEARTBEAT_INTERVAL_MS, 0, 0, Integer.MAX_VALUE);
        this.exceptionListenerOnLoss = booleanValue(EXCEPTION_LISTENER_ON_LOSS, false);
        if (reconnectBackoffMaxMs < reconnectBackoffMs) {
            throw new IllegalArgumentException(RECONNECT_BACKOFF_MAX_MS + " (" + reconnectBackoffMaxMs
                    + ") must not be less than " + RECONNECT_BACKOFF_MS + " (" + reconnectBackoffMs + ")");
        }
        String allowList = this.options.get(OBJECT_MESSAGE_ALLOW_LIST);
        if (allowList != null) {
            ObjectMessageAllowList.parse(allowList);
        }
        String clientId = this.options.get(CLIENT_ID);
        if (clientId != null && clientId.isEmpty()) {
            throw new IllegalArgumentException(CLIENT_ID + " must not be empty");
        }
    }

    /**
     * Reads a broker URL.
     *
     * @throws IllegalArgumentException if the URL is malformed, has another scheme, an unknown key or
     *     a value out of range
     */
    public static ConnectionSettings parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the broker URL is empty; expected " + DEFAULT_URL + "[?key=value...]");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed broker URL '" + url + "': " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    "broker URL '" + url + "' must start with " + SCHEME + "://, e.g. " + DEFAULT_URL);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("broker URL '" + url + "' names no host, e.g. " + DEFAULT_URL);
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new IllegalArgumentException("broker URL '" + url + "' has a path; only host, port and ?key=value");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        return new ConnectionSettings(uri.getHost(), port, query(uri.getRawQuery(), url));
    }

    private static Map<String, String> query(String raw, String url) {
        Map<String, String> options = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return options;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("broker URL '" + url + "': '" + pair + "' is not key=value");
            }
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (options.put(key, value) != null) {
                throw new IllegalArgumentException("broker URL '" + url + "' sets '" + key + "' twice");
            }
        }
        return options;
    }

    /** These settings with {@code key} set to {@code value}, or removed when {@code value} is null. */
    public ConnectionSettings with(String key, String value) {
        Map<String, String> changed = new TreeMap<>(options);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return new ConnectionSettings(host, port, changed);
    }

    /** These settings pointing at another broker address, keeping every key. */
    public ConnectionSettings withAddress(String url) {
        ConnectionSettings address = parse(url);
        Map<String, String> merged = new TreeMap<>(options);
        merged.putAll(address.options);
        return new ConnectionSettings(address.host, address.port, merged);
    }

    private int intValue(String key, int defaultValue, int min, int max) {
        String s = options.get(key);
        if (s == null) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + s + "'", e);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    private boolean booleanValue(String key, boolean defaultValue) {
        String s = options.get(key);
        if (s == null) {
            return defaultValue;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + s + "'");
        };
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return options.get(USER);
    }

    public String password() {
        return options.get(PASSWORD);
    }

    public String clientId() {
        return options.get(CLIENT_ID);
    }

    public int prefetch() {
        return prefetch;
    }

    public int sendTimeoutMs() {
        return sendTimeoutMs;
    }

    public boolean blockOnNonPersistentSend() {
        return blockOnNonPersistentSend;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public int lingerMs() {
        return lingerMs;
    }

    public int ackBatchSize() {
        return ackBatchSize;
    }

    /** Messages one transaction may send plus consume; more is refused on the client already. */
    public int transactionMaxMessages() {
        return transactionMaxMessages;
    }

    /** Bytes (about) of records one transaction may send; more is refused on the client already. */
    public int transactionMaxBytes() {
        return transactionMaxBytes;
    }

    /** Attempts after a lost connection: -1 without limit, 0 = reconnection is off. */
    public int reconnectMaxAttempts() {
        return reconnectMaxAttempts;
    }

    public boolean isReconnectEnabled() {
        return reconnectMaxAttempts != 0;
    }

    public int reconnectBackoffMs() {
        return reconnectBackoffMs;
    }

    public int reconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    public int reconnectTimeoutMs() {
        return reconnectTimeoutMs;
    }

    public int heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public boolean exceptionListenerOnLoss() {
        return exceptionListenerOnLoss;
    }

    /** The allow-list text, or null for the default. */
    public String objectMessageAllowList() {
        return options.get(OBJECT_MESSAGE_ALLOW_LIST);
    }

    /** The keys set explicitly (password included). */
    public Map<String, String> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The full URL, password included: what a JNDI reference stores. */
    public String toUrl() {
        return url(true);
    }

    private String url(boolean withPassword) {
        StringBuilder sb = new StringBuilder(SCHEME).append("://");
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
        char sep = '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            String value = !withPassword && e.getKey().equals(PASSWORD) ? "***" : e.getValue();
            sb.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings s && host.equals(s.host) && port == s.port && options.equals(s.options);
    }

    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + port) * 31 + options.hashCode();
    }

    /** The URL with the password masked. */
    @Override
    public String toString() {
        return url(false);
    }
}
