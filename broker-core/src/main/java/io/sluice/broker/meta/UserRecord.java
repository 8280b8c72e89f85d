package io.sluice.broker.meta;

import java.util.List;

/**
 * A user as the metadata store keeps it: never the password, only its salted, iterated hash.
 *
 * @param passwordHash PBKDF2 output for {@code salt} and {@code iterations}
 * @param roles role names, e.g. "admin"
 */
public record UserRecord(String username, byte[] passwordHash, byte[] salt, int iterations, List<String> roles) {
    public UserRecord {
        passwordHash = passwordHash.clone();
        salt = salt.clone();
        roles = List.copyOf(roles);
    }

    @Override
    public byte[] passwordHash() {
        return passwordHash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public String toString() {
        return "UserRecord[username=" + username + ", iterations=" + iterations + ", roles=" + roles + "]";
    }
}
