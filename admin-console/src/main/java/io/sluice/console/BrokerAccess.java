package io.sluice.console;

import io.sluice.client.ClientConfig;
import io.sluice.client.SluiceClient;
import io.sluice.client.SluiceClientException;
import io.sluice.protocol.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Opens the broker connections the console works through: one per logged-in operator, with the
 * operator's own username and password, so that the broker authenticates and authorises every
 * operator itself. When the broker runs with security off it accepts any handshake; the console
 * then guards itself with its own admin password ({@code console.admin.password}, or one generated
 * at start).
 *
 * <p>Thread-safe.
 */
public final class BrokerAccess {
    /** The operator name used while the broker's security is off. */
    public static final String LOCAL_ADMIN = "admin";

    private final ConsoleConfig config;
    private final String localPassword;

    /** @param localPassword the console's own password, used only while broker security is off */
    BrokerAccess(ConsoleConfig config, String localPassword) {
        this.config = config;
        this.localPassword = localPassword;
    }

    /**
     * Whether the broker requires passwords: a handshake without credentials is refused.
     *
     * @throws ConsoleException 503 if the broker cannot be reached
     */
    public boolean brokerSecurityEnabled() {
        try (SluiceClient probe = SluiceClient.connect(clientConfig(null, null))) {
            return false;
        } catch (SluiceClientException e) {
            if (e.error() == ErrorCode.AUTHENTICATION_FAILED) {
                return true;
            }
            throw unavailable(e);
        }
    }

    /**
     * Logs an operator in: with broker security on, opens a connection with their credentials (the
     * broker checks them); with it off, checks the console's own password for user "admin".
     *
     * @throws ConsoleException 401 for wrong credentials, 503 if the broker cannot be reached
     */
    public SluiceClient login(String username, String password) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new ConsoleException(400, "username and password are required");
        }
        boolean secured = brokerSecurityEnabled();
        if (!secured && !(LOCAL_ADMIN.equals(username) && constantTimeEquals(password, localPassword))) {
            throw new ConsoleException(401, "wrong username or password");
        }
        try {
            return secured
                    ? SluiceClient.connect(clientConfig(username, password))
                    : SluiceClient.connect(clientConfig(null, null));
        } catch (SluiceClientException e) {
            if (e.error() == ErrorCode.AUTHENTICATION_FAILED) {
                throw new ConsoleException(401, "wrong username or password");
            }
            throw unavailable(e);
        }
    }

    private ClientConfig clientConfig(String username, String password) {
        ClientConfig.Builder b = ClientConfig.builder()
                .host(config.brokerHost())
                .port(config.brokerPort())
                .clientSoftware("sluice-console/" + SluiceConsole.version())
                .requestTimeoutMs((int) config.requestTimeout().toMillis())
                .connectTimeoutMs(5000)
                .reconnectTimeoutMs(30_000);
        if (username != null) {
            b.username(username).password(password);
        }
        BrokerTls tls = config.brokerTls();
        if (tls != null) {
            b.tlsEnabled(true).tlsHostnameVerification(tls.hostnameVerification());
            if (tls.trustStorePath() != null) {
                b.tlsTruststorePath(tls.trustStorePath().toString())
                        .tlsTruststorePassword(tls.trustStorePassword())
                        .tlsTruststoreType(tls.trustStoreType());
            }
        }
        return b.build();
    }

    private ConsoleException unavailable(SluiceClientException e) {
        return new ConsoleException(
                503,
                "cannot reach the broker at " + config.brokerHost() + ":" + config.brokerPort()
                        + (config.brokerTls() != null ? " (TLS)" : "") + ": " + e.getMessage());
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
