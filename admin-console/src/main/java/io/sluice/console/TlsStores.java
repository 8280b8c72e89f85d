package io.sluice.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;

/**
 * Loads the console's key and trust stores at start, so that a missing file, a wrong password or
 * a key store without a private key stops the start with a message naming the file and the
 * configuration key, instead of failing the first HTTPS handshake or broker connection.
 *
 * <p>Stateless; thread-safe.
 */
final class TlsStores {
    private TlsStores() {}

    /** {@code PKCS12} (also the default for null) or {@code JKS}, upper-cased. */
    static String checkType(String type, String key) {
        if (type == null || type.isBlank()) {
            return "PKCS12";
        }
        String upper = type.trim().toUpperCase(Locale.ROOT);
        if (!upper.equals("PKCS12") && !upper.equals("JKS")) {
            throw new IllegalArgumentException(key + " must be PKCS12 or JKS, was '" + type + "'");
        }
        return upper;
    }

    /**
     * The HTTPS key store, checked to hold a private key the key password unlocks.
     *
     * @throws IllegalArgumentException naming the file when it cannot serve
     */
    static KeyStore keyStore(ConsoleHttps https) {
        KeyStore store = load(
                https.keyStorePath(), https.keyStorePassword(), https.keyStoreType(), ConsoleConfig.TLS_KEYSTORE_PATH);
        char[] keyPassword = chars(https.effectiveKeyPassword());
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, keyPassword) != null) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read the private key in " + https.keyStorePath() + " (" + ConsoleConfig.TLS_KEY_PASSWORD
                            + "): " + e.getMessage(),
                    e);
        }
        throw new IllegalArgumentException(
                "the key store " + https.keyStorePath() + " (" + ConsoleConfig.TLS_KEYSTORE_PATH
                        + ") holds no private key; make one with keytool -genkeypair (docs/security.md)");
    }

    /** Checks that the broker trust store, if one is named, can be read with its password. */
    static void checkTrustStore(BrokerTls tls) {
        if (tls.trustStorePath() != null) {
            load(
                    tls.trustStorePath(),
                    tls.trustStorePassword(),
                    tls.trustStoreType(),
                    ConsoleConfig.BROKER_TLS_TRUSTSTORE_PATH);
        }
    }

    private static KeyStore load(Path path, String password, String type, String key) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + path + " (" + key + "): no such readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, chars(password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load the " + type + " store " + path + " (" + key + "): " + e.getMessage()
                            + " (wrong password or type?)",
                    e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
