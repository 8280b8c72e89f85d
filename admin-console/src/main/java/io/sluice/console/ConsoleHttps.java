package io.sluice.console;

import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS for the console's web server: the key store with its private key and certificate chain
 * ({@code console.tls.*} keys, see docs/console.md). The same kind of store as the broker's
 * ({@code keytool -genkeypair ... -storetype PKCS12}, docs/security.md).
 *
 * <p>Immutable; thread-safe. {@link #toString()} hides the passwords.
 *
 * @param keyStorePath a PKCS12 or JKS file
 * @param keyStorePassword its password (may be null for a store without one)
 * @param keyStoreType {@code PKCS12} or {@code JKS}
 * @param keyPassword the private key's password; null: the store password (always so for PKCS12)
 */
public record ConsoleHttps(Path keyStorePath, String keyStorePassword, String keyStoreType, String keyPassword) {
    public ConsoleHttps {
        Objects.requireNonNull(keyStorePath, "keyStorePath");
        keyStoreType = TlsStores.checkType(keyStoreType, ConsoleConfig.TLS_KEYSTORE_TYPE);
    }

    /** The password that unlocks the private key. */
    String effectiveKeyPassword() {
        return keyPassword != null ? keyPassword : keyStorePassword;
    }

    @Override
    public String toString() {
        return "ConsoleHttps[keyStorePath=" + keyStorePath + ", keyStoreType=" + keyStoreType + ", keyStorePassword="
                + (keyStorePassword == null ? "null" : "***") + ", keyPassword="
                + (keyPassword == null ? "null" : "***") + "]";
    }
}
