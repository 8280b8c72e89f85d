package io.sluice.broker.security;

import io.sluice.broker.meta.UserRecord;
import io.sluice.broker.meta.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks handshake credentials against the users in the metadata store, and creates users. With
 * security off every handshake is accepted as {@link Principal#ANONYMOUS}, whatever it carries.
 *
 * <p>An unknown user costs the same hashing work as a wrong password, so response times do not
 * reveal which usernames exist. Passwords are never logged.
 *
 * <p>Thread-safe. Blocks on JDBC and on hashing (tens of milliseconds by design): call it from the
 * metadata executor, never from an event loop.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final boolean securityEnabled;
    private final UserStore users;
    private final PasswordHasher hasher;
    /** Compared against when the user does not exist, so that the work done is the same. */
    private final UserRecord decoy;

    public Authenticator(boolean securityEnabled, UserStore users, PasswordHasher hasher) {
        this.securityEnabled = securityEnabled;
        this.users = users;
        this.hasher = hasher;
        this.decoy = hasher.hash("decoy", "decoy-password", List.of());
    }

    public boolean isSecurityEnabled() {
        return securityEnabled;
    }

    /**
     * The principal for these credentials.
     *
     * @throws AuthenticationException if security is on and the username or password is wrong
     */
    public Principal authenticate(String username, String password) {
        if (!securityEnabled) {
            return Principal.ANONYMOUS;
        }
        if (username == null || password == null) {
            throw new AuthenticationException("username and password are required");
        }
        Optional<UserRecord> user = users.find(username);
        boolean matches = PasswordHasher.matches(password, user.orElse(decoy));
        if (user.isEmpty() || !matches) {
            throw new AuthenticationException("wrong username or password");
        }
        return new Principal(username, user.get().roles());
    }

    /**
     * Creates a user or replaces its password and roles; durable when it returns.
     *
     * @throws InvalidUserException for an empty or oversized name, an empty password or a bad role
     */
    public void createUser(String username, String password, List<String> roles) {
        validate(username, password, roles);
        users.upsert(hasher.hash(username, password, roles));
        log.info("User '{}' created or updated with roles {}", username, roles);
    }

    /** Creates or updates every user declared in the broker configuration. */
    public void declareUsers(Map<String, DeclaredUser> declared) {
        declared.forEach((name, user) -> createUser(name, user.password(), user.roles()));
    }

    private static void validate(String username, String password, List<String> roles) {
        if (username == null || username.isEmpty() || username.length() > 255) {
            throw new InvalidUserException("username must have 1 to 255 characters");
        }
        if (!isPlain(username)) {
            throw new InvalidUserException("username must not contain control characters or ','");
        }
        if (password == null || password.isEmpty()) {
            throw new InvalidUserException("the password of user '" + username + "' must not be empty");
        }
        for (String role : roles) {
            if (role.isEmpty() || role.length() > 64 || !isPlain(role)) {
                throw new InvalidUserException(
                        "role '" + role + "' must have 1 to 64 characters, without control characters or ','");
            }
        }
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** A user declared in the broker configuration; toString hides the password. */
    public record DeclaredUser(String password, List<String> roles) {
        public DeclaredUser {
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "DeclaredUser[password=***, roles=" + roles + "]";
        }
    }
}
