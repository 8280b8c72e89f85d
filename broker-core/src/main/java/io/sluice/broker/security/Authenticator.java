package io.sluice.broker.security;

import io.sluice.broker.meta.UserRecord;
import io.sluice.broker.meta.UserStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks handshake credentials against the users in the metadata store, and manages users. With
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
    private final Runnable onChange;
    /** Compared against when the user does not exist, so that the work done is the same. */
    private final UserRecord decoy;

    /** @param onChange told after every change of users (the {@link Authorizer} reloads) */
    public Authenticator(boolean securityEnabled, UserStore users, PasswordHasher hasher, Runnable onChange) {
        this.securityEnabled = securityEnabled;
        this.users = users;
        this.hasher = hasher;
        this.onChange = onChange;
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
        onChange.run();
    }

    /**
     * Deletes a user and the grants naming it; durable when it returns.
     *
     * @throws UnknownUserException if there is no such user
     */
    public void deleteUser(String username) {
        if (!users.deleteWithGrants(username)) {
            throw new UnknownUserException(username);
        }
        log.info("User '{}' deleted with its grants", username);
        onChange.run();
    }

    /**
     * Gives a user a new password and keeps its roles. An admin changes anyone's password; any
     * other caller only its own, and must give the current one.
     *
     * @param callerIsAdmin whether {@code caller} holds the admin role now
     * @throws UnknownUserException if there is no such user
     * @throws AuthorizationException if a non-admin caller names another user
     * @throws AuthenticationException if a non-admin caller gives a wrong current password
     * @throws InvalidUserException for an empty new password
     */
    public void changePassword(
            Principal caller, boolean callerIsAdmin, String username, String currentPassword, String newPassword) {
        if (!callerIsAdmin && !caller.username().equals(username)) {
            throw new AuthorizationException("user '" + caller.username() + "' may change only its own password;"
                    + " changing that of '" + username + "' needs the '" + Principal.ADMIN_ROLE + "' role");
        }
        UserRecord user = users.find(username).orElseThrow(() -> new UnknownUserException(username));
        if (!callerIsAdmin && !PasswordHasher.matches(currentPassword, user)) {
            throw new AuthenticationException("the current password of user '" + username + "' is wrong");
        }
        validate(username, newPassword, user.roles());
        users.upsert(hasher.hash(username, newPassword, user.roles()));
        log.info("Password of user '{}' changed by '{}'", username, caller.username());
    }

    /** The users whose names start with {@code prefix} (null or empty for all), with their roles, in name order. */
    public Map<String, List<String>> listUsers(String prefix) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        users.rolesByUser().forEach((name, roles) -> {
            if (prefix == null || name.startsWith(prefix)) {
                out.put(name, roles);
            }
        });
        return out;
    }

    /** Creates or updates every user declared in the broker configuration. */
    public void declareUsers(Map<String, DeclaredUser> declared) {
        declared.forEach((name, user) -> createUser(name, user.password(), user.roles()));
    }

    private static void validate(String username, String password, List<String> roles) {
        String problem = SecurityNames.usernameProblem(username);
        if (problem != null) {
            throw new InvalidUserException(problem);
        }
        if (password == null || password.isEmpty()) {
            throw new InvalidUserException("the password of user '" + username + "' must not be empty");
        }
        for (String role : roles) {
            String roleProblem = SecurityNames.roleProblem(role);
            if (roleProblem != null) {
                throw new InvalidUserException(roleProblem);
            }
        }
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
