package io.sluice.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key store and a client trust store made with the JDK's {@code keytool}, as
 * docs/security.md shows: a self-signed EC certificate with the given subject alternative names.
 *
 * <p>Not thread-safe.
 */
final class KeytoolStores {
    static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    final Path keyStore;
    final Path trustStore;

    private KeytoolStores(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** @param subjectAlternativeNames keytool's SAN syntax, e.g. {@code dns:localhost,ip:127.0.0.1} */
    static KeytoolStores create(Path dir, String subjectAlternativeNames) throws IOException, InterruptedException {
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
        return new KeytoolStores(keyStore, trustStore);
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
