package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.TestCertificates;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a broker with TLS at TRACE log level (every logger: Sluice, Netty, H2, HikariCP) through
 * failed and successful logins, password changes and a client sending its password in clear text
 * to the TLS port, then reads everything it logged: no password may appear, neither in the log (in
 * text or hex) nor in clear anywhere in its data directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PasswordNotLoggedIT {
    @TempDir
    Path dir;

    @Test
    void passwordsNeverReachTheLogOrTheDisk() throws Exception {
        String adminPassword = "adm-" + UUID.randomUUID();
        String alicePassword = "alc-" + UUID.randomUUID();
        String wrongGuess = "guess-" + UUID.randomUUID();
        String unknownUsersPassword = "nobody-" + UUID.randomUUID();
        String bobPassword = "bob-" + UUID.randomUUID();
        String alicesNewPassword = "alc2-" + UUID.randomUUID();
        String clearTextPassword = "clear-" + UUID.randomUUID();
        List<String> secrets = List.of(
                adminPassword,
                alicePassword,
                wrongGuess,
                unknownUsersPassword,
                bobPassword,
                alicesNewPassword,
                clearTextPassword);
        TestCertificates.Stores stores = TestCertificates.create(dir.resolve("certs"), "ip:127.0.0.1");
        SSLContext tls = TestCertificates.clientContext(stores);

        Path log;
        try (ChildBroker broker = ChildBroker.start(
                dir,
                List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace"),
                "tls.enabled=true",
                "tls.keystore.path=" + stores.keyStore(),
                "tls.keystore.password=" + stores.password(),
                "security.enabled=true",
                "security.password.iterations=1000",
                "security.users.admin.password=" + adminPassword,
                "security.users.admin.roles=admin",
                "security.users.alice.password=" + alicePassword)) {
            log = broker.logFile();
            try (FrameClient c = FrameClient.connectTls(broker.port(), tls)) {
                assertThat(c.request(ApiKey.HANDSHAKE, hello("alice", wrongGuess))
                                .error())
                        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            }
            try (FrameClient plain = FrameClient.connect(broker.port())) {
                plain.send(ApiKey.HANDSHAKE, hello("alice", clearTextPassword));
                assertThat(plain.awaitClosedByBroker(10_000)).isTrue();
            }
            try (FrameClient c = FrameClient.connectTls(broker.port(), tls)) {
                assertThat(c.request(ApiKey.HANDSHAKE, hello("mallory", unknownUsersPassword))
                                .error())
                        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            }
            try (FrameClient alice = tlsLogin(broker, tls, "alice", alicePassword)) {
                alice.call(
                        ApiKey.CHANGE_PASSWORD,
                        new ChangePasswordRequest("alice", alicePassword, alicesNewPassword),
                        Empty::read);
            }
            try (FrameClient admin = tlsLogin(broker, tls, "admin", adminPassword)) {
                admin.call(ApiKey.CREATE_USER, new CreateUserRequest("bob", bobPassword, List.of()), Empty::read);
                assertThat(admin.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("ghost", null, bobPassword))
                                .error())
                        .isEqualTo(ErrorCode.UNKNOWN_USER);
            }
            try (FrameClient bob = tlsLogin(broker, tls, "bob", bobPassword)) {
                assertThat(bob.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                        .isEqualTo(ErrorCode.NONE);
            }
            broker.stop(); // flushes everything, closes the database
        }

        String logged = Files.readString(log, StandardCharsets.UTF_8);
        // The log really covers the logins, at the most verbose level, or the check proves nothing.
        assertThat(logged)
                .contains("refused: wrong username or password")
                .contains("authenticated as 'alice'")
                .contains("authenticated as 'bob'")
                .contains("Password of user 'alice' changed")
                .contains("does not speak TLS")
                .contains("TRACE");
        for (String secret : secrets) {
            assertThat(logged).as("the log").doesNotContain(secret);
            assertThat(logged.toLowerCase(Locale.ROOT))
                    .as("the log, in hex")
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as("%s", file).doesNotContain(secret);
                }
            }
        }
    }

    private static FrameClient tlsLogin(ChildBroker broker, SSLContext tls, String user, String password)
            throws IOException {
        FrameClient c = FrameClient.connectTls(broker.port(), tls);
        c.handshake(user, password);
        return c;
    }

    private static HandshakeRequest hello(String user, String password) {
        return new HandshakeRequest((short) 1, (short) 1, null, "sluice-test/1", user, password);
    }
}
