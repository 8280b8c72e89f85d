package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.meta.GrantStore;
import io.sluice.broker.meta.MetadataStore;
import io.sluice.broker.meta.UserStore;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the authorizer's decisions against a small reference model over thousands of generated
 * (user, roles, permission, destination) cases, while users, roles and grants change. The model
 * matches patterns with regular expressions (a different algorithm from the word matcher) and
 * states the rules plainly: the admin role may do everything, a deleted user nothing, anyone else
 * what a grant to it or to one of its roles allows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthorizerModelTest {
    private static final String[] WORDS = {"orders", "eu", "us", "audit", "x", "_temp", "q"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank"};
    private static final String[] ROLES = {"ops", "apps", "auditors", "readers", "admin"};

    @TempDir
    Path dir;

    private MetadataStore store;
    private Authorizer authorizer;
    private Authenticator authenticator;
    private final Random random = new Random(20_260_101L);
    private final Model model = new Model();

    @BeforeEach
    void open() {
        store = MetadataStore.open(dir.resolve("meta"), 2, Clock.systemUTC());
        UserStore users = new UserStore(store, Clock.systemUTC());
        authorizer = new Authorizer(true, users, new GrantStore(store, Clock.systemUTC()));
        authenticator = new Authenticator(
                true, users, new PasswordHasher(PasswordHasher.MIN_ITERATIONS, new SecureRandom()), authorizer::reload);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The reference: plain rules, regex matching. */
    private static final class Model {
        record Grant(PrincipalType type, String principal, String pattern, Permission permission) {}

        final Map<String, List<String>> roles = new HashMap<>();
        final Set<Grant> grants = new HashSet<>();

        boolean allowed(String user, Permission permission, String destination) {
            List<String> userRoles = roles.get(user);
            if (userRoles == null) {
                return false;
            }
            if (userRoles.contains("admin")) {
                return true;
            }
            for (Grant g : grants) {
                boolean holder =
                        g.type() == PrincipalType.USER ? g.principal().equals(user) : userRoles.contains(g.principal());
                if (holder
                        && g.permission() == permission
                        && regexOf(g.pattern()).matcher("." + destination).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** Each name word is ".word"; '*' is one such word, '#' any number of them. */
        static Pattern regexOf(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (String word : pattern.split("\\.", -1)) {
                switch (word) {
                    case "*" -> regex.append("\\.[^.]*");
                    case "#" -> regex.append("(?:\\.[^.]*)*");
                    default -> regex.append("\\.").append(Pattern.quote(word));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }

    private String randomPattern() {
        int n = 1 + random.nextInt(4);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(10);
            words.add(r < 2 ? "#" : r < 4 ? "*" : WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(".", words);
    }

    private String randomDestination() {
        int n = 1 + random.nextInt(5);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(".", words);
    }

    private Set<Permission> randomPermissions() {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (random.nextInt(3) == 0) {
                set.add(p);
            }
        }
        if (set.isEmpty()) {
            set.add(Permission.values()[random.nextInt(Permission.values().length)]);
        }
        return set;
    }

    private void createUser(String name) {
        List<String> roles = new ArrayList<>();
        for (String role : ROLES) {
            // admin rarely, so that most decisions depend on grants
            if (random.nextInt(role.equals("admin") ? 12 : 3) == 0) {
                roles.add(role);
            }
        }
        authenticator.createUser(name, "pw-" + name, roles);
        model.roles.put(name, List.copyOf(roles));
    }

    private void grantRandomly() {
        PrincipalType type = random.nextBoolean() ? PrincipalType.USER : PrincipalType.ROLE;
        String principal = type == PrincipalType.USER
                ? USERS[random.nextInt(USERS.length)]
                : ROLES[random.nextInt(ROLES.length - 1)];
        String pattern = randomPattern();
        Set<Permission> permissions = randomPermissions();
        authorizer.grant(type, principal, pattern, permissions);
        permissions.forEach(p -> model.grants.add(new Model.Grant(type, principal, pattern, p)));
    }

    private void revokeRandomly() {
        List<Model.Grant> all = new ArrayList<>(model.grants);
        if (all.isEmpty()) {
            return;
        }
        Model.Grant g = all.get(random.nextInt(all.size()));
        assertThat(authorizer.revoke(g.type(), g.principal(), g.pattern(), EnumSet.of(g.permission())))
                .isEqualTo(1);
        model.grants.remove(g);
    }

    private int compare(int cases) {
        int allowed = 0;
        for (int i = 0; i < cases; i++) {
            String user = USERS[random.nextInt(USERS.length)];
            Permission permission = Permission.values()[random.nextInt(Permission.values().length)];
            String destination = randomDestination();
            boolean expected = model.allowed(user, permission, destination);
            Principal principal = new Principal(user, List.of());
            assertThat(authorizer.isAllowed(principal, permission, destination))
                    .as("%s %s on %s (roles %s)", user, permission, destination, model.roles.get(user))
                    .isEqualTo(expected);
            assertThat(authorizer.isAllowed(principal, permission, destination))
                    .as("cached decision")
                    .isEqualTo(expected);
            if (expected) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void decisionsFollowTheReferenceModelThroughChanges() {
        for (String user : USERS) {
            createUser(user);
        }
        for (int i = 0; i < 25; i++) {
            grantRandomly();
        }
        int total = 0;
        int allowed = 0;
        for (int round = 0; round < 20; round++) {
            allowed += compare(1_000);
            total += 1_000;
            switch (random.nextInt(4)) {
                case 0 -> grantRandomly();
                case 1 -> revokeRandomly();
                case 2 -> {
                    String user = USERS[random.nextInt(USERS.length)];
                    if (model.roles.containsKey(user)) {
                        authenticator.deleteUser(user);
                        model.roles.remove(user);
                        model.grants.removeIf(g ->
                                g.type() == PrincipalType.USER && g.principal().equals(user));
                    } else {
                        createUser(user);
                    }
                }
                default -> createUser(USERS[random.nextInt(USERS.length)]);
            }
        }
        // The generator must exercise both outcomes substantially, or the comparison proves little.
        assertThat(allowed).isBetween(total / 20, total - total / 20);
    }

    @Test
    void aFreshAuthorizerReadsTheSameGrantsBack() {
        for (String user : USERS) {
            createUser(user);
        }
        for (int i = 0; i < 20; i++) {
            grantRandomly();
        }
        Authorizer reopened =
                new Authorizer(true, new UserStore(store, Clock.systemUTC()), new GrantStore(store, Clock.systemUTC()));
        reopened.reload();
        for (int i = 0; i < 2_000; i++) {
            String user = USERS[random.nextInt(USERS.length)];
            Permission permission = Permission.values()[random.nextInt(Permission.values().length)];
            String destination = randomDestination();
            assertThat(reopened.isAllowed(new Principal(user, List.of()), permission, destination))
                    .isEqualTo(model.allowed(user, permission, destination));
        }
    }

    @Test
    void withSecurityOffEverythingIsAllowed() {
        Authorizer off = new Authorizer(
                false, new UserStore(store, Clock.systemUTC()), new GrantStore(store, Clock.systemUTC()));
        off.reload();
        for (int i = 0; i < 200; i++) {
            Permission permission = Permission.values()[random.nextInt(Permission.values().length)];
            assertThat(off.isAllowed(Principal.ANONYMOUS, permission, randomDestination()))
                    .isTrue();
        }
        assertThat(off.isAdmin(Principal.ANONYMOUS)).isTrue();
    }

    @Test
    void listsGrantsPerPrincipalWithAllTheirPermissions() {
        authorizer.grant(PrincipalType.USER, "alice", "orders.*", EnumSet.of(Permission.PRODUCE));
        authorizer.grant(PrincipalType.USER, "alice", "orders.*", EnumSet.of(Permission.CONSUME));
        authorizer.grant(PrincipalType.ROLE, "ops", "#", EnumSet.of(Permission.BROWSE));
        assertThat(authorizer.list(null, null))
                .containsExactly(
                        new Authorizer.Listed(
                                PrincipalType.USER,
                                "alice",
                                "orders.*",
                                Set.of(Permission.PRODUCE, Permission.CONSUME)),
                        new Authorizer.Listed(PrincipalType.ROLE, "ops", "#", Set.of(Permission.BROWSE)));
        assertThat(authorizer.list(PrincipalType.ROLE, null)).hasSize(1);
        assertThat(authorizer.list(PrincipalType.USER, "bob")).isEmpty();
        assertThat(authorizer.revoke(PrincipalType.USER, "alice", "orders.#", EnumSet.of(Permission.PRODUCE)))
                .as("revoking works on the exact pattern only")
                .isZero();
    }
}
