package io.sluice.broker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes a broker key store and a matching client trust store with the JDK's {@code keytool}, the
 * way docs/security.md tells operators to: a self-signed EC certificate whose subject alternative
 * names are given by the caller.
 *
 * <p>Not thread-safe; one call per directory.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    /** A PKCS12 key store with the broker's key and certificate, and a trust store with the certificate. */
    public record Stores(Path keyStore, Path trustStore, String password) {}

    private TestCertificates() {}

    /** @param subjectAlternativeNames keytool's SAN syntax, e.g. {@code dns:localhost,ip:127.0.0.1} */
    public static Stores create(Path dir, String subjectAlternativeNames) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path trustStore = dir.resolve("truststore.p12");
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "3650",
                "-dname",
                "CN=sluice-broker",
                "-ext",
                "SAN=" + subjectAlternativeNames,
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                dir,
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-rfc",
                "-file",
                cert.toString());
        keytool(
                dir,
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                cert.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return new Stores(keyStore, trustStore, PASSWORD);
    }

    /** An SSL context that trusts exactly the certificate in {@code stores}. */
    public static SSLContext clientContext(Stores stores) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.trustStore())) {
            trust.load(in, stores.password().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
