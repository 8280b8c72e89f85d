package io.sluice.console;

import java.nio.file.Path;

/**
 * TLS on the console's connections to the broker ({@code console.broker.tls.*} keys, see
 * docs/console.md): the trust store with the broker's certificate or its CA, and whether the
 * certificate must name the configured broker host. Passed to the client's {@code tls*} settings
 * (docs/security.md, "The client side").
 *
 * <p>Immutable; thread-safe. {@link #toString()} hides the password.
 *
 * @param trustStorePath null: the JDK's default trust ({@code cacerts})
 * @param trustStorePassword its password, or null
 * @param trustStoreType {@code PKCS12} or {@code JKS}
 * @param hostnameVerification whether the certificate must name the broker host
 */
public record BrokerTls(
        Path trustStorePath, String trustStorePassword, String trustStoreType, boolean hostnameVerification) {
    public BrokerTls {
        trustStoreType = TlsStores.checkType(trustStoreType, ConsoleConfig.BROKER_TLS_TRUSTSTORE_TYPE);
    }

    /** The JDK's default trust, with host name verification. */
    public static BrokerTls defaultTrust() {
        return new BrokerTls(null, null, "PKCS12", true);
    }

    @Override
    public String toString() {
        return "BrokerTls[trustStorePath=" + trustStorePath + ", trustStoreType=" + trustStoreType
                + ", trustStorePassword=" + (trustStorePassword == null ? "null" : "***") + ", hostnameVerification="
                + hostnameVerification + "]";
    }
}
