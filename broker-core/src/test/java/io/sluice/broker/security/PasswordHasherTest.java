package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.broker.meta.UserRecord;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(2_000, new SecureRandom());

    @Test
    void matchesOnlyTheRightPassword() {
        UserRecord user = hasher.hash("alice", "correct horse", List.of("admin"));
        assertThat(PasswordHasher.matches("correct horse", user)).isTrue();
        assertThat(PasswordHasher.matches("correct horsE", user)).isFalse();
        assertThat(PasswordHasher.matches("", user)).isFalse();
        assertThat(PasswordHasher.matches(null, user)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        UserRecord a = hasher.hash("a", "same", List.of());
        UserRecord b = hasher.hash("b", "same", List.of());
        assertThat(a.salt()).hasSize(PasswordHasher.SALT_BYTES).isNotEqualTo(b.salt());
        assertThat(a.passwordHash()).hasSize(PasswordHasher.HASH_BYTES).isNotEqualTo(b.passwordHash());
        assertThat(a.iterations()).isEqualTo(2_000);
    }

    @Test
    void storedIterationCountIsUsedForVerification() {
        UserRecord old = new PasswordHasher(1_000, new SecureRandom()).hash("u", "pw", List.of());
        assertThat(PasswordHasher.matches("pw", old)).isTrue();
    }

    @Test
    void hashIsPbkdf2Sha256() {
        // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, 64 bytes),
        // first 32 bytes.
        byte[] derived = PasswordHasher.derive("passwd", "salt".getBytes(), 1);
        assertThat(java.util.HexFormat.of().formatHex(derived))
                .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }

    @Test
    void rejectsWeakSettingsAndEmptyPasswords() {
        assertThatThrownBy(() -> new PasswordHasher(10, new SecureRandom()))
                .hasMessageContaining("at least " + PasswordHasher.MIN_ITERATIONS);
        assertThatThrownBy(() -> hasher.hash("u", "", List.of())).hasMessageContaining("must not be empty");
    }

    @Test
    void toStringNeverShowsSecrets() {
        UserRecord user = hasher.hash("alice", "pw", List.of());
        assertThat(user.toString()).doesNotContain("pw").contains("alice");
        assertThat(new Authenticator.DeclaredUser("s3cret", List.of()).toString())
                .doesNotContain("s3cret");
    }
}
