package io.sluice.broker.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;

/**
 * Builds the broker's Netty {@link SslContext} from a {@link TlsConfig}: loads the key store,
 * checks that it holds a private key, and restricts protocols and cipher suites. The JDK's TLS
 * implementation is used, so no native library is needed.
 *
 * <p>Stateless; thread-safe.
 */
public final class ServerTls {
    private ServerTls() {}

    /**
     * @throws IllegalArgumentException naming the key store and what is wrong with it (missing,
     *     unreadable, wrong password, no private key, unsupported protocol)
     */
    public static SslContext sslContext(TlsConfig config) {
        KeyStore keyStore = load(config);
        try {
            if (!hasPrivateKey(keyStore)) {
                throw new IllegalArgumentException(
                        "TLS key store " + config.keyStorePath() + " holds no private key (tls.keystore.path)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            String keyPassword = config.keyPassword() != null ? config.keyPassword() : config.keyStorePassword();
            keys.init(keyStore, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            SslContextBuilder builder = SslContextBuilder.forServer(keys)
                    .sslProvider(SslProvider.JDK)
                    .clientAuth(ClientAuth.NONE)
                    .protocols(config.protocols());
            if (!config.cipherSuites().isEmpty()) {
                builder.ciphers(config.cipherSuites());
            }
            return builder.build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "cannot use TLS key store " + config.keyStorePath() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(TlsConfig config) {
        if (!Files.isReadable(config.keyStorePath())) {
            throw new IllegalArgumentException(
                    "TLS key store " + config.keyStorePath() + " does not exist or cannot be read (tls.keystore.path)");
        }
        try (InputStream in = Files.newInputStream(config.keyStorePath())) {
            KeyStore keyStore = KeyStore.getInstance(config.keyStoreType());
            String password = config.keyStorePassword();
            keyStore.load(in, password == null ? null : password.toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            String reason = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password (tls.keystore.password)"
                    : e.getMessage();
            throw new IllegalArgumentException(
                    "cannot read TLS key store " + config.keyStorePath() + " as " + config.keyStoreType() + ": "
                            + reason,
                    e);
        }
    }

    private static boolean hasPrivateKey(KeyStore keyStore) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
