package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.protocol.api.ListGrantsResponse;
import io.sluice.protocol.api.ListUsersResponse;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import io.sluice.protocol.error.ErrorCode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's user and grant methods against a broker with security on. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityAdminIT {
    @TempDir
    Path dir;

    private static SluiceClientException failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return ClientErrors.unwrap(e);
        }
        throw new AssertionError("the future succeeded");
    }

    private static SluiceClient connect(SluiceBroker broker, String user, String password) {
        return SluiceClient.connect(ClientConfig.builder()
                .host("127.0.0.1")
                .port(broker.port())
                .username(user)
                .password(password)
                .requestTimeoutMs(10_000)
                .build());
    }

    @Test
    void usersAndGrantsAreAdministeredThroughTheClient() {
        try (SluiceBroker broker = SluiceBroker.start(BrokerConfig.forTesting(dir)
                        .securityEnabled(true)
                        .user("root", "root-pw", List.of("admin"))
                        .build());
                SluiceClient root = connect(broker, "root", "root-pw")) {
            SluiceAdmin admin = root.admin();
            admin.createTopic("orders.eu", 1, Map.of()).join();
            admin.createUser("app", "app-pw", List.of("apps")).join();
            admin.createUser("auditor", "audit-pw", List.of()).join();
            assertThat(admin.listUsers(null).join())
                    .containsExactly(
                            new ListUsersResponse.User("app", List.of("apps")),
                            new ListUsersResponse.User("auditor", List.of()),
                            new ListUsersResponse.User("root", List.of("admin")));
            assertThat(admin.listUsers("au").join())
                    .extracting(ListUsersResponse.User::username)
                    .containsExactly("auditor");

            admin.grant(PrincipalType.ROLE, "apps", "orders.*", EnumSet.of(Permission.PRODUCE, Permission.CONSUME))
                    .join();
            admin.grant(PrincipalType.USER, "auditor", "orders.#", EnumSet.of(Permission.BROWSE))
                    .join();
            assertThat(admin.listGrants(null, null).join())
                    .containsExactly(
                            new ListGrantsResponse.Grant(
                                    PrincipalType.USER, "auditor", "orders.#", Set.of(Permission.BROWSE)),
                            new ListGrantsResponse.Grant(
                                    PrincipalType.ROLE,
                                    "apps",
                                    "orders.*",
                                    Set.of(Permission.PRODUCE, Permission.CONSUME)));

            try (SluiceClient app = connect(broker, "app", "app-pw");
                    RecordProducer producer = app.createProducer(ProducerConfig.defaults())) {
                producer.send(ProducerRecord.of("orders.eu", null, new byte[] {1}))
                        .join();
                SluiceClientException refused = failure(app.admin().createTopic("orders.us", 1, Map.of()));
                assertThat(refused.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
                assertThat(refused.brokerMessage())
                        .isEqualTo("user 'app' lacks permission 'create' on destination" + " 'orders.us'");
                assertThat(failure(app.admin().listUsers(null)).error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
                app.admin().changePassword("app", "app-pw", "app-pw-2").join();
            }

            admin.revoke(PrincipalType.ROLE, "apps", "orders.*", EnumSet.of(Permission.PRODUCE))
                    .join();
            assertThat(admin.listGrants(PrincipalType.ROLE, "apps").join())
                    .containsExactly(new ListGrantsResponse.Grant(
                            PrincipalType.ROLE, "apps", "orders.*", Set.of(Permission.CONSUME)));

            admin.deleteUser("auditor").join();
            assertThat(admin.listGrants(PrincipalType.USER, null).join()).isEmpty();
            assertThat(failure(admin.deleteUser("auditor")).error()).isEqualTo(ErrorCode.UNKNOWN_USER);
            try (SluiceClient app = connect(broker, "app", "app-pw-2")) {
                assertThat(app.state()).isEqualTo(ConnectionState.READY);
            }
        }
    }
}
