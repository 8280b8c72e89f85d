package io.sluice.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the client's connections: the {@link SslContext} built once per client from {@link
 * ClientConfig} (trust store, or the JDK's default trust), and an {@link SslHandler} per channel
 * that checks the broker's certificate names the configured host unless hostname verification is
 * off.
 *
 * <p>Immutable; thread-safe.
 */
final class ClientTls {
    private final SslContext context;
    private final String host;
    private final int port;
    private final boolean verifyHostname;

    private ClientTls(SslContext context, String host, int port, boolean verifyHostname) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.verifyHostname = verifyHostname;
    }

    /**
     * The TLS setup for {@code config}, or null when TLS is off.
     *
     * @throws IllegalArgumentException naming the trust store and what is wrong with it
     */
    static ClientTls of(ClientConfig config) {
        if (!config.tlsEnabled()) {
            return null;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(config.tlsTruststorePath() == null ? null : load(config));
            SslContext context = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(trust)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
            return new ClientTls(context, config.host(), config.port(), config.tlsHostnameVerification());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(ClientConfig config) {
        Path path = Path.of(config.tlsTruststorePath());
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(config.tlsTruststoreType());
            String password = config.tlsTruststorePassword();
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read trust store " + path + " (" + ClientConfig.TLS_TRUSTSTORE_PATH + ") as "
                            + config.tlsTruststoreType() + ": " + e.getMessage(),
                    e);
        }
    }

    /** A handler for a new channel; its handshake is bounded by {@code timeoutMs}. */
    SslHandler newHandler(ByteBufAllocator allocator, long timeoutMs) {
        SslHandler handler = context.newHandler(allocator, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // "HTTPS" identification: the certificate must name the host (subject alternative names).
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(timeoutMs);
        return handler;
    }
}
