package io.sluice.broker.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings of the broker port: the key store holding the broker's private key and certificate
 * chain, and which protocol versions and cipher suites to offer. Keys: {@code tls.*} in
 * docs/configuration.md; docs/security.md shows how to make a key store with {@code keytool}.
 *
 * <p>Immutable; thread-safe. {@link #toString()} hides the passwords.
 *
 * @param keyStorePath a PKCS12 or JKS file
 * @param keyStoreType {@code PKCS12} or {@code JKS}
 * @param keyPassword the private key's password (PKCS12 stores use the store password)
 * @param protocols e.g. {@code TLSv1.3, TLSv1.2}
 * @param cipherSuites empty for the JDK's defaults for those protocols
 */
public record TlsConfig(
        Path keyStorePath,
        String keyStorePassword,
        String keyStoreType,
        String keyPassword,
        List<String> protocols,
        List<String> cipherSuites) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        Objects.requireNonNull(keyStorePath, "keyStorePath");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    @Override
    public String toString() {
        return "TlsConfig[keyStorePath=" + keyStorePath + ", keyStoreType=" + keyStoreType + ", keyStorePassword="
                + (keyStorePassword == null ? "null" : "***") + ", keyPassword="
                + (keyPassword == null ? "null" : "***") + ", protocols=" + protocols + ", cipherSuites="
                + cipherSuites + "]";
    }
}
