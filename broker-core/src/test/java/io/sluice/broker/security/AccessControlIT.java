package io.sluice.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.DeleteUserRequest;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.api.GrantRequest;
import io.sluice.protocol.api.ListGrantsRequest;
import io.sluice.protocol.api.ListGrantsResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.ListUsersRequest;
import io.sluice.protocol.api.ListUsersResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.RevokeRequest;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.api.UnsubscribeRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control over TCP with security on: every API checks its permission, decisions follow
 * grants made and taken back while connections are open, and a sample of generated cases agrees
 * with a reference model.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessControlIT {
    @TempDir
    static Path dataDir;

    private static SluiceBroker broker;

    @BeforeAll
    static void start() throws IOException {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir)
                .securityEnabled(true)
                .user("admin", "admin-pw", List.of("admin"))
                .user("app", "app-pw", List.of())
                .user("ops1", "ops-pw", List.of("ops"))
                .user("nobody", "nobody-pw", List.of())
                .grant(PrincipalType.USER, "app", "orders.*", Permission.PRODUCE, Permission.CONSUME)
                .grant(PrincipalType.USER, "app", "_temp.q", Permission.CREATE)
                .grant(PrincipalType.ROLE, "ops", "orders.#", Permission.BROWSE, Permission.ADMIN)
                .grant(PrincipalType.ROLE, "ops", "_temp.#", Permission.PRODUCE)
                .build());
        try (FrameClient admin = FrameClient.connect(broker.port(), "admin", "admin-pw")) {
            for (String q : List.of("orders.eu", "orders.us", "payments")) {
                assertThat(admin.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest(q, 1, Map.of("type", "queue")))
                                .error())
                        .isEqualTo(ErrorCode.NONE);
            }
            assertThat(admin.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest("orders.events", 1, Map.of()))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static FrameClient as(String user) throws IOException {
        return FrameClient.connect(broker.port(), user, user.equals("ops1") ? "ops-pw" : user + "-pw");
    }

    private static ProduceResponse.PartitionResult produce(FrameClient c, String topic) throws IOException {
        return Produce.send(c, topic, 0, Batches.plain(System.currentTimeMillis(), "m"));
    }

    private static FetchResponse.PartitionData fetch(FrameClient c, String topic) throws IOException {
        return c.call(ApiKey.FETCH, Produce.fetchRequest(topic, 0, 0, 0, 0), FetchResponse::read)
                .topics()
                .get(0)
                .partitions()
                .get(0);
    }

    @Test
    void produceAndFetchNeedTheirPermissionsAndTheErrorNamesUserPermissionAndDestination() throws IOException {
        try (FrameClient app = as("app");
                FrameClient nobody = as("nobody")) {
            assertThat(produce(app, "orders.eu").error()).isEqualTo(ErrorCode.NONE);
            ProduceResponse.PartitionResult refused = produce(app, "payments");
            assertThat(refused.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(refused.errorMessage())
                    .isEqualTo("user 'app' lacks permission 'produce' on destination 'payments'");
            assertThat(produce(nobody, "orders.eu").error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            // Missing destinations are refused the same way, so refusals reveal nothing.
            assertThat(produce(nobody, "no-such-topic").error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);

            assertThat(fetch(app, "orders.eu").error()).isEqualTo(ErrorCode.NONE);
            FetchResponse.PartitionData denied = fetch(nobody, "orders.eu");
            assertThat(denied.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(denied.errorMessage()).contains("'nobody'", "'consume'", "'orders.eu'");
            assertThat(denied.records() == null || denied.records().readableBytes() == 0)
                    .as("no records")
                    .isTrue();

            ListOffsetsRequest latest = new ListOffsetsRequest(List.of(new ListOffsetsRequest.TopicQuery(
                    "orders.eu", List.of(new ListOffsetsRequest.PartitionQuery(0, ListOffsetsRequest.LATEST)))));
            assertThat(app.call(ApiKey.LIST_OFFSETS, latest, ListOffsetsResponse::read)
                            .topics()
                            .get(0)
                            .partitions()
                            .get(0)
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(nobody.call(ApiKey.LIST_OFFSETS, latest, ListOffsetsResponse::read)
                            .topics()
                            .get(0)
                            .partitions()
                            .get(0)
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
        }
    }

    @Test
    void topicAdministrationNeedsCreateDeleteAndAdmin() throws IOException {
        try (FrameClient app = as("app");
                FrameClient ops = as("ops1");
                FrameClient admin = as("admin")) {
            FrameClient.Response create =
                    app.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest("orders.new", 1, Map.of()));
            assertThat(create.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(create.header().errorMessage()).contains("'create'", "'orders.new'");

            AlterTopicConfigRequest alter =
                    new AlterTopicConfigRequest("orders.us", Map.of("retention.ms", "60000"), List.of());
            assertThat(app.request(ApiKey.ALTER_TOPIC_CONFIG, alter).error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(ops.request(ApiKey.ALTER_TOPIC_CONFIG, alter).error()).isEqualTo(ErrorCode.NONE);
            assertThat(ops.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest("orders.us"))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);

            assertThat(app.request(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest("orders.us"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(app.request(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest("payments"))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);

            // Superusers (admin role) may do everything.
            assertThat(admin.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest("scratch", 1, Map.of()))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(admin.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest("scratch"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void listingsShowOnlyWhatTheUserHoldsAPermissionOn() throws IOException {
        try (FrameClient app = as("app");
                FrameClient nobody = as("nobody")) {
            List<String> listed =
                    app
                            .call(ApiKey.LIST_TOPICS, new ListTopicsRequest(null), ListTopicsResponse::read)
                            .topics()
                            .stream()
                            .map(ListTopicsResponse.Listing::name)
                            .toList();
            assertThat(listed).contains("orders.eu", "orders.events").doesNotContain("payments");
            assertThat(nobody.call(ApiKey.LIST_TOPICS, new ListTopicsRequest(null), ListTopicsResponse::read)
                            .topics())
                    .isEmpty();
            MetadataResponse all = app.call(ApiKey.METADATA, new MetadataRequest(null), MetadataResponse::read);
            assertThat(all.topics()).extracting(MetadataResponse.Topic::name).doesNotContain("payments");
            MetadataResponse named = app.call(
                    ApiKey.METADATA, new MetadataRequest(List.of("orders.eu", "payments")), MetadataResponse::read);
            assertThat(named.topics())
                    .extracting(MetadataResponse.Topic::error)
                    .containsExactly(ErrorCode.NONE, ErrorCode.AUTHORIZATION_FAILED);
        }
    }

    @Test
    void consumersBrowsingAndCreationOnFirstUse() throws IOException {
        try (DeliveryClient app = DeliveryClient.connect(broker.port(), "app", "app-pw", null);
                DeliveryClient ops = DeliveryClient.connect(broker.port(), "ops1", "ops-pw", null)) {
            assertThat(app.createConsumerRaw(DeliveryClient.queueConsumer(1, "orders.eu", 10))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            FrameClient.Response refused = app.createConsumerRaw(DeliveryClient.queueConsumer(2, "payments", 10));
            assertThat(refused.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(refused.header().errorMessage()).contains("'consume'", "'payments'");
            // Consuming a destination that does not exist yet creates it, which needs create.
            FrameClient.Response autoCreate = app.createConsumerRaw(DeliveryClient.queueConsumer(3, "orders.asia", 10));
            assertThat(autoCreate.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(autoCreate.header().errorMessage()).contains("'create'", "'orders.asia'");
            assertThat(broker.topics().topic("orders.asia")).isEmpty();
            assertThat(app.frames()
                            .request(
                                    ApiKey.RESOLVE_DESTINATION,
                                    new ResolveDestinationRequest("orders.asia", DestinationKind.QUEUE, true))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(app.frames()
                            .request(
                                    ApiKey.RESOLVE_DESTINATION,
                                    new ResolveDestinationRequest("orders.eu", DestinationKind.QUEUE, true))
                            .error())
                    .isEqualTo(ErrorCode.NONE);

            BrowseRequest browse = new BrowseRequest("orders.eu", null, null, 10);
            assertThat(app.frames().request(ApiKey.BROWSE, browse).error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(ops.frames().request(ApiKey.BROWSE, browse).error()).isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void temporaryDestinationsBelongToTheirConnection() throws IOException {
        try (DeliveryClient app = DeliveryClient.connect(broker.port(), "app", "app-pw", null);
                DeliveryClient ops = DeliveryClient.connect(broker.port(), "ops1", "ops-pw", null);
                DeliveryClient nobody = DeliveryClient.connect(broker.port(), "nobody", "nobody-pw", null)) {
            String queue = app.frames()
                    .call(
                            ApiKey.CREATE_TEMPORARY,
                            new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE),
                            CreateTemporaryResponse::read)
                    .name();
            FrameClient.Response topic = app.frames()
                    .request(ApiKey.CREATE_TEMPORARY, new CreateTemporaryRequest(DestinationKind.TEMPORARY_TOPIC));
            assertThat(topic.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(topic.header().errorMessage()).contains("'create'", "'_temp.t'");
            assertThat(nobody.frames()
                            .request(
                                    ApiKey.CREATE_TEMPORARY,
                                    new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);

            // The owner consumes (no grant needed); a responder with produce on _temp.# replies.
            app.createConsumer(new CreateConsumerRequest(
                    1, queue, DestinationKind.TEMPORARY_QUEUE, SubscriptionType.QUEUE, null, null, false, 10, false));
            ops.send(queue, 0, List.of(JmsRecords.text("reply")));
            assertThat(app.receive(1, 10_000))
                    .extracting(DeliveryClient.Received::text)
                    .containsExactly("reply");
            assertThat(produce(nobody.frames(), queue).error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            // The owner produces to its own temporary destination without any grant for it.
            assertThat(produce(app.frames(), queue).error()).isEqualTo(ErrorCode.NONE);
            // Another connection may not consume it, permission or not.
            assertThat(ops.createConsumerRaw(new CreateConsumerRequest(
                                    1,
                                    queue,
                                    DestinationKind.TEMPORARY_QUEUE,
                                    SubscriptionType.QUEUE,
                                    null,
                                    null,
                                    false,
                                    10,
                                    false))
                            .error())
                    .isIn(ErrorCode.AUTHORIZATION_FAILED, ErrorCode.TEMPORARY_DESTINATION_NOT_OWNED);
        }
    }

    @Test
    void durableSubscriptionsNeedConsumeToCreateAndToUnsubscribe() throws IOException {
        try (FrameClient admin = as("admin")) {
            admin.call(
                    ApiKey.GRANT,
                    new GrantRequest(PrincipalType.USER, "nobody", "orders.events", EnumSet.of(Permission.CONSUME)),
                    Empty::read);
        }
        try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "nobody", "nobody-pw", "durable-client")) {
            sub.createConsumer(DeliveryClient.topicConsumer(
                    1, "orders.events", SubscriptionType.DURABLE, "audit", null, false, 10));
            sub.closeConsumer(1);
        }
        try (FrameClient admin = as("admin")) {
            admin.call(
                    ApiKey.REVOKE,
                    new RevokeRequest(PrincipalType.USER, "nobody", "orders.events", EnumSet.of(Permission.CONSUME)),
                    Empty::read);
        }
        try (DeliveryClient sub = DeliveryClient.connect(broker.port(), "nobody", "nobody-pw", "durable-client")) {
            FrameClient.Response unsubscribe =
                    sub.frames().request(ApiKey.UNSUBSCRIBE, new UnsubscribeRequest("audit"));
            assertThat(unsubscribe.error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(unsubscribe.header().errorMessage()).contains("'consume'", "'orders.events'");
            assertThat(sub.createConsumerRaw(DeliveryClient.topicConsumer(
                                    2, "orders.events", SubscriptionType.DURABLE, "audit", null, false, 10))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
        }
        try (DeliveryClient owner = DeliveryClient.connect(broker.port(), "admin", "admin-pw", "durable-client")) {
            assertThat(owner.frames()
                            .request(ApiKey.UNSUBSCRIBE, new UnsubscribeRequest("audit"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void grantsRevocationsAndDeletionsApplyToOpenConnections() throws IOException {
        try (FrameClient admin = as("admin")) {
            admin.call(ApiKey.CREATE_USER, new CreateUserRequest("temp-user", "temp-user-pw", List.of()), Empty::read);
            try (FrameClient user = as("temp-user")) {
                assertThat(produce(user, "payments").error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
                admin.call(
                        ApiKey.GRANT,
                        new GrantRequest(PrincipalType.USER, "temp-user", "payments", EnumSet.of(Permission.PRODUCE)),
                        Empty::read);
                assertThat(produce(user, "payments").error()).isEqualTo(ErrorCode.NONE);
                admin.call(
                        ApiKey.REVOKE,
                        new RevokeRequest(PrincipalType.USER, "temp-user", "payments", EnumSet.of(Permission.PRODUCE)),
                        Empty::read);
                assertThat(produce(user, "payments").error()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);

                admin.call(
                        ApiKey.CREATE_USER,
                        new CreateUserRequest("temp-user", "temp-user-pw", List.of("admin")),
                        Empty::read);
                assertThat(produce(user, "payments").error())
                        .as("a role given later counts at once")
                        .isEqualTo(ErrorCode.NONE);
                admin.call(ApiKey.DELETE_USER, new DeleteUserRequest("temp-user"), Empty::read);
                assertThat(produce(user, "payments").error())
                        .as("a deleted user's connection is refused everything")
                        .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            }
            try (FrameClient again = FrameClient.connect(broker.port())) {
                assertThat(again.request(ApiKey.HANDSHAKE, handshake("temp-user", "temp-user-pw"))
                                .error())
                        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            }
            assertThat(admin.request(ApiKey.DELETE_USER, new DeleteUserRequest("temp-user"))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_USER);
        }
    }

    private static io.sluice.protocol.api.HandshakeRequest handshake(String user, String password) {
        return new io.sluice.protocol.api.HandshakeRequest((short) 1, (short) 1, null, "t", user, password);
    }

    @Test
    void securityAdministrationNeedsTheAdminRole() throws IOException {
        try (FrameClient app = as("app");
                FrameClient admin = as("admin")) {
            for (var request : List.<Map.Entry<ApiKey, io.sluice.protocol.api.ApiMessage>>of(
                    Map.entry(ApiKey.LIST_USERS, new ListUsersRequest(null)),
                    Map.entry(ApiKey.DELETE_USER, new DeleteUserRequest("nobody")),
                    Map.entry(ApiKey.CREATE_USER, new CreateUserRequest("x", "y", List.of())),
                    Map.entry(
                            ApiKey.GRANT,
                            new GrantRequest(PrincipalType.USER, "app", "#", EnumSet.of(Permission.ADMIN))),
                    Map.entry(
                            ApiKey.REVOKE,
                            new RevokeRequest(PrincipalType.USER, "app", "orders.*", EnumSet.of(Permission.PRODUCE))),
                    Map.entry(ApiKey.LIST_GRANTS, new ListGrantsRequest(null, null)))) {
                FrameClient.Response r = app.request(request.getKey(), request.getValue());
                assertThat(r.error()).as("%s", request.getKey()).isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
                assertThat(r.header().errorMessage()).contains("'app'", "'admin' role");
            }
            ListUsersResponse users =
                    admin.call(ApiKey.LIST_USERS, new ListUsersRequest(null), ListUsersResponse::read);
            assertThat(users.users()).contains(new ListUsersResponse.User("ops1", List.of("ops")));
            assertThat(admin.call(
                                    ApiKey.LIST_GRANTS,
                                    new ListGrantsRequest(PrincipalType.USER, "app"),
                                    ListGrantsResponse::read)
                            .grants())
                    .contains(new ListGrantsResponse.Grant(
                            PrincipalType.USER, "app", "orders.*", Set.of(Permission.PRODUCE, Permission.CONSUME)));
            assertThat(admin.request(
                                    ApiKey.GRANT,
                                    new GrantRequest(PrincipalType.ROLE, "ops", "bad*", EnumSet.of(Permission.ADMIN)))
                            .error())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void usersChangeTheirOwnPasswordWithTheCurrentOne() throws IOException {
        try (FrameClient admin = as("admin")) {
            admin.call(ApiKey.CREATE_USER, new CreateUserRequest("pw-user", "first-pw", List.of()), Empty::read);
        }
        try (FrameClient user = FrameClient.connect(broker.port(), "pw-user", "first-pw")) {
            assertThat(user.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("pw-user", "wrong", "second-pw"))
                            .error())
                    .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(user.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("app", "first-pw", "hijack"))
                            .error())
                    .isEqualTo(ErrorCode.AUTHORIZATION_FAILED);
            assertThat(user.request(
                                    ApiKey.CHANGE_PASSWORD,
                                    new ChangePasswordRequest("pw-user", "first-pw", "second-pw"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
        try (FrameClient user = FrameClient.connect(broker.port(), "pw-user", "second-pw");
                FrameClient admin = as("admin")) {
            assertThat(admin.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("pw-user", null, "third-pw"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            assertThat(admin.request(ApiKey.CHANGE_PASSWORD, new ChangePasswordRequest("ghost", null, "x"))
                            .error())
                    .isEqualTo(ErrorCode.UNKNOWN_USER);
        }
        try (FrameClient old = FrameClient.connect(broker.port())) {
            assertThat(old.request(ApiKey.HANDSHAKE, handshake("pw-user", "second-pw"))
                            .error())
                    .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        }
        try (FrameClient current = FrameClient.connect(broker.port(), "pw-user", "third-pw")) {
            assertThat(current.request(ApiKey.HEARTBEAT, Empty.INSTANCE).error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    /**
     * Generated cases over the wire: a user gets random grants, then each case runs the request
     * that needs one permission on one destination and compares the outcome with the model.
     */
    @Test
    void wireDecisionsMatchTheReferenceModel() throws IOException {
        String[] words = {"m", "n", "k"};
        List<String> existing = new ArrayList<>();
        Random random = new Random(42);
        try (FrameClient admin = as("admin")) {
            admin.call(ApiKey.CREATE_USER, new CreateUserRequest("model", "model-pw", List.of("r1")), Empty::read);
            for (String a : words) {
                for (String b : words) {
                    existing.add("mq." + a + "." + b);
                }
            }
            for (String q : existing) {
                admin.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest(q, 1, Map.of("type", "queue")), Empty::read);
            }
            Set<String> model = new HashSet<>();
            try (FrameClient user = FrameClient.connect(broker.port(), "model", "model-pw")) {
                int allowed = 0;
                int cases = 0;
                for (int round = 0; round < 12; round++) {
                    PrincipalType type = random.nextBoolean() ? PrincipalType.USER : PrincipalType.ROLE;
                    String pattern = randomPattern(random, words);
                    Permission permission = Permission.values()[random.nextInt(Permission.values().length)];
                    boolean revoke = round % 4 == 3 && !model.isEmpty();
                    String principal = type == PrincipalType.USER ? "model" : "r1";
                    if (revoke) {
                        String entry = model.iterator().next();
                        String[] parts = entry.split(" ");
                        admin.call(
                                ApiKey.REVOKE,
                                new RevokeRequest(
                                        PrincipalType.valueOf(parts[0]),
                                        parts[1],
                                        parts[2],
                                        EnumSet.of(Permission.valueOf(parts[3]))),
                                Empty::read);
                        model.remove(entry);
                    } else {
                        admin.call(
                                ApiKey.GRANT,
                                new GrantRequest(type, principal, pattern, EnumSet.of(permission)),
                                Empty::read);
                        model.add(type.name() + " " + principal + " " + pattern + " " + permission.name());
                    }
                    for (int i = 0; i < 60; i++) {
                        Permission p = Permission.values()[random.nextInt(Permission.values().length)];
                        String existingName = existing.get(random.nextInt(existing.size()));
                        // DELETE runs against a name that does not exist, so nothing is deleted.
                        String destination = p == Permission.DELETE ? existingName + ".gone" : existingName;
                        boolean expected = modelAllows(model, p, destination);
                        assertThat(isAllowedOverTheWire(user, p, destination))
                                .as("%s on %s with %s", p, destination, model)
                                .isEqualTo(expected);
                        cases++;
                        allowed += expected ? 1 : 0;
                    }
                }
                assertThat(allowed).isBetween(cases / 20, cases - cases / 20);
            }
        }
    }

    private static String randomPattern(Random random, String[] words) {
        List<String> parts = new ArrayList<>(List.of("mq"));
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(6);
            parts.add(r == 0 ? "#" : r == 1 ? "*" : words[random.nextInt(words.length)]);
        }
        return random.nextInt(8) == 0 ? "#" : String.join(".", parts);
    }

    private static boolean modelAllows(Set<String> model, Permission permission, String destination) {
        for (String entry : model) {
            String[] parts = entry.split(" ");
            if (Permission.valueOf(parts[3]) == permission
                    && regexOf(parts[2]).matcher("." + destination).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern regexOf(String pattern) {
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

    /** Runs the request that needs {@code permission} and tells whether it got past the access check. */
    private static boolean isAllowedOverTheWire(FrameClient c, Permission permission, String destination)
            throws IOException {
        ErrorCode error =
                switch (permission) {
                    case PRODUCE -> produce(c, destination).error();
                    case CONSUME -> fetch(c, destination).error();
                    case BROWSE ->
                        c.request(ApiKey.BROWSE, new BrowseRequest(destination, null, null, 1))
                                .error();
                    case CREATE ->
                        c.request(ApiKey.CREATE_TOPIC, new CreateTopicRequest(destination, 1, Map.of("type", "queue")))
                                .error();
                    case DELETE ->
                        c.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest(destination + ".gone"))
                                .error();
                    case ADMIN ->
                        c.request(
                                        ApiKey.ALTER_TOPIC_CONFIG,
                                        new AlterTopicConfigRequest(
                                                destination, Map.of("retention.ms", "3600000"), List.of()))
                                .error();
                };
        if (error == ErrorCode.AUTHORIZATION_FAILED) {
            return false;
        }
        ErrorCode whenAllowed =
                switch (permission) {
                    case CREATE -> ErrorCode.TOPIC_ALREADY_EXISTS;
                    case DELETE -> ErrorCode.UNKNOWN_TOPIC;
                    default -> ErrorCode.NONE;
                };
        assertThat(error).as("%s on %s", permission, destination).isEqualTo(whenAllowed);
        return true;
    }
}
