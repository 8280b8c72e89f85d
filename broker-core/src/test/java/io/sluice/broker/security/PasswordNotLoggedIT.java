package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.FrameClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a broker at TRACE log level (every logger: Sluice, Netty, H2, HikariCP) through failed and
 * successful logins and password changes, then reads everything it logged: no password may
 * appear, neither in the log nor in clear anywhere in its data directory.
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
        List<String> secrets =
                List.of(adminPassword, alicePassword, wrongGuess, unknownUsersPassword, bobPassword, alicesNewPassword);

        Path log;
        try (ChildBroker broker = ChildBroker.start(
                dir,
                List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace"),
                "security.enabled=true",
                "security.password.iterations=1000",
                "security.users.admin.password=" + adminPassword,
                "security.users.admin.roles=admin",
                "security.users.alice.password=" + alicePassword)) {
            log = broker.logFile();
            try (FrameClient c = FrameClient.connect(broker.port())) {
                assertThat(c.request(ApiKey.HANDSHAKE, hello("alice", wrongGuess))
                                .error())
                        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            }
            try (FrameClient c = FrameClient.connect(broker.port())) {
                assertThat(c.request(ApiKey.HANDSHAKE, hello("mallory", unknownUsersPassword))
                                .error())
                        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            }
            try (FrameClient alice = FrameClient.connect(broker.port(), "alice", alicePassword)) {
                alice.call(
                        ApiKey.CHANGE_PASSWORD,
                        new ChangePasswordRequest("alice", alicePassword, alicesNewPassword),
                        Empty::read);
            }
            try (FrameClient admin = FrameClient.connect(broker.port(), "admin", adminPassword)) {
                admin.call(ApiKey.CREATE_USER, new CreateUserRequest("bob", bobPassword, List.of()), Empty::read);
                assertThat(admin.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("ghost", null, bobPassword))
                                .error())
                        .isEqualTo(ErrorCode.UNKNOWN_USER);
            }
            try (FrameClient bob = FrameClient.connect(broker.port(), "bob", bobPassword)) {
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
                .contains("TRACE");
        for (String secret : secrets) {
            assertThat(logged).as("the log").doesNotContain(secret);
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

    private static HandshakeRequest hello(String user, String password) {
        return new HandshakeRequest((short) 1, (short) 1, null, "sluice-test/1", user, password);
    }
}
