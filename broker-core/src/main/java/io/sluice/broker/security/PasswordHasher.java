package io.sluice.broker.security;

import io.sluice.broker.meta.UserRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns passwords into salted, iterated hashes (PBKDF2 with HMAC-SHA256, from the JDK) and checks
 * passwords against them in constant time. Each user gets a fresh random 16-byte salt; the
 * iteration count is stored with the hash, so raising the configured count affects new and
 * updated passwords without invalidating old ones.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;
    /** Fewest iterations accepted in configuration; lower counts only make sense in tests. */
    public static final int MIN_ITERATIONS = 1_000;

    private final int iterations;
    private final SecureRandom random;

    public PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
        this.random = random;
    }

    public int iterations() {
        return iterations;
    }

    /** A user record holding a new salt and the hash of {@code password}. */
    public UserRecord hash(String username, String password, List<String> roles) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password of user '" + username + "' must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new UserRecord(username, derive(password, salt, iterations), salt, iterations, roles);
    }

    /** Whether {@code password} matches the user's stored hash; takes the same time either way. */
    public static boolean matches(String password, UserRecord user) {
        byte[] computed = derive(password == null ? "" : password, user.salt(), user.iterations());
        return MessageDigest.isEqual(computed, user.passwordHash());
    }

    static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
