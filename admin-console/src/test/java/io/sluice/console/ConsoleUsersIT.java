package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.client.ClientConfig;
import io.sluice.client.SluiceClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The users and permissions endpoints against a real broker (security off: the console's admin may all). */
@Timeout(120)
class ConsoleUsersIT {
    @TempDir
    static Path dataDir;

    static ConsoleFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static void expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void usersAreCreatedListedGivenANewPasswordAndDeleted() throws Exception {
        ConsoleFixture.Http http = fixture.http().login();
        expect(
                http.post(
                        "/api/users",
                        "{\"username\":\"ops@example\",\"password\":\"first-secret\",\"roles\":[\"ops\",\" audit \"]}"),
                201);
        JsonNode users = json(http.get("/api/users"));
        JsonNode created = null;
        for (JsonNode u : users) {
            if (u.get("username").asText().equals("ops@example")) {
                created = u;
            }
        }
        assertThat(created).as(users.toString()).isNotNull();
        assertThat(texts(created.get("roles"))).containsExactlyInAnyOrder("ops", "audit");
        assertThat(users.toString()).doesNotContain("first-secret");

        HttpResponse<String> again =
                http.post("/api/users", "{\"username\":\"ops@example\",\"password\":\"other-secret\",\"roles\":[]}");
        expect(again, 409);
        assertThat(json(again).get("error").asText()).isEqualTo("user 'ops@example' already exists");

        expect(http.post("/api/users/password", "{\"username\":\"ops@example\",\"password\":\"second-secret\"}"), 204);

        expect(http.post("/api/users/delete", "{\"username\":\"ops@example\"}"), 204);
        assertThat(http.get("/api/users").body()).doesNotContain("ops@example");
        HttpResponse<String> unknown = http.post("/api/users/delete", "{\"username\":\"ops@example\"}");
        expect(unknown, 404);
        assertThat(json(unknown).get("error").asText()).contains("ops@example");
        HttpResponse<String> unknownPassword =
                http.post("/api/users/password", "{\"username\":\"nobody\",\"password\":\"long-enough\"}");
        expect(unknownPassword, 404);
    }

    @Test
    void grantsAreGivenListedAndRevoked() throws Exception {
        ConsoleFixture.Http http = fixture.http().login();
        expect(
                http.post(
                        "/api/users", "{\"username\":\"billing\",\"password\":\"billing-pw-1\",\"roles\":[\"apps\"]}"),
                201);
        expect(
                http.post(
                        "/api/grants",
                        "{\"principalType\":\"user\",\"principal\":\"billing\",\"pattern\":\"invoices.#\","
                                + "\"permissions\":[\"produce\",\"CONSUME\"]}"),
                204);
        expect(
                http.post(
                        "/api/grants",
                        "{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"orders.*\","
                                + "\"permissions\":[\"browse\"]}"),
                204);
        JsonNode all = json(http.get("/api/grants"));
        assertThat(all.toString())
                .contains("{\"principalType\":\"user\",\"principal\":\"billing\",\"pattern\":\"invoices.#\","
                        + "\"permissions\":[\"produce\",\"consume\"]}")
                .contains("{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"orders.*\","
                        + "\"permissions\":[\"browse\"]}");
        JsonNode roleOnly = json(http.get("/api/grants?principalType=role&principal=apps"));
        assertThat(roleOnly).hasSize(1);

        HttpResponse<String> wrongPattern = http.post(
                "/api/grants/revoke",
                "{\"principalType\":\"user\",\"principal\":\"billing\",\"pattern\":\"invoices.eu\"}");
        expect(wrongPattern, 404);
        assertThat(json(wrongPattern).get("error").asText()).contains("holds no permission on pattern 'invoices.eu'");

        HttpResponse<String> one = http.post(
                "/api/grants/revoke",
                "{\"principalType\":\"user\",\"principal\":\"billing\",\"pattern\":\"invoices.#\","
                        + "\"permissions\":[\"produce\"]}");
        expect(one, 200);
        assertThat(texts(json(one).get("revoked"))).containsExactly("produce");
        JsonNode left = json(http.get("/api/grants?principalType=user&principal=billing"));
        assertThat(texts(left.get(0).get("permissions"))).containsExactly("consume");

        HttpResponse<String> rest = http.post(
                "/api/grants/revoke",
                "{\"principalType\":\"user\",\"principal\":\"billing\",\"pattern\":\"invoices.#\"}");
        expect(rest, 200);
        assertThat(json(http.get("/api/grants?principalType=user&principal=billing")))
                .isEmpty();
        expect(http.post("/api/users/delete", "{\"username\":\"billing\"}"), 204);
    }

    @Test
    void badInputGetsA400NamingTheField() throws Exception {
        ConsoleFixture.Http http = fixture.http().login();
        HttpResponse<String> weak = http.post("/api/users", "{\"username\":\"u1\",\"password\":\"short\"}");
        expect(weak, 400);
        assertThat(json(weak).get("error").asText()).isEqualTo("the password is too weak: use at least 8 characters");
        assertThat(json(weak).get("field").asText()).isEqualTo("password");
        HttpResponse<String> empty = http.post("/api/users", "{\"username\":\"u1\",\"password\":\"\"}");
        expect(empty, 400);
        assertThat(json(empty).get("error").asText()).isEqualTo("a password is required");
        HttpResponse<String> sameAsName =
                http.post("/api/users", "{\"username\":\"longusername\",\"password\":\"longusername\"}");
        expect(sameAsName, 400);
        assertThat(json(sameAsName).get("error").asText()).contains("must not be the username");
        HttpResponse<String> badName = http.post("/api/users", "{\"username\":\"a,b\",\"password\":\"long-enough\"}");
        expect(badName, 400);
        assertThat(json(badName).get("field").asText()).isEqualTo("username");
        HttpResponse<String> badRole =
                http.post("/api/users", "{\"username\":\"u2\",\"password\":\"long-enough\",\"roles\":[\"\"]}");
        expect(badRole, 400);
        assertThat(json(badRole).get("field").asText()).isEqualTo("roles");
        HttpResponse<String> weakChange =
                http.post("/api/users/password", "{\"username\":\"admin\",\"password\":\"1234\"}");
        expect(weakChange, 400);

        HttpResponse<String> badPattern = http.post(
                "/api/grants",
                "{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"order*\",\"permissions\":[\"produce\"]}");
        expect(badPattern, 400);
        assertThat(json(badPattern).get("error").asText())
                .isEqualTo("invalid pattern 'order*': '*' must stand alone between dots (e.g. 'orders.*'),"
                        + " not inside 'order*'");
        assertThat(json(badPattern).get("field").asText()).isEqualTo("pattern");
        HttpResponse<String> badChar = http.post(
                "/api/grants",
                "{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"a b\",\"permissions\":[\"produce\"]}");
        expect(badChar, 400);
        assertThat(json(badChar).get("error").asText()).contains("' ' is not allowed");
        HttpResponse<String> unknownPermission = http.post(
                "/api/grants",
                "{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"a\",\"permissions\":[\"write\"]}");
        expect(unknownPermission, 400);
        assertThat(json(unknownPermission).get("error").asText())
                .isEqualTo("unknown permission 'write'; use produce, consume, browse, create, delete or admin");
        HttpResponse<String> noPermission = http.post(
                "/api/grants",
                "{\"principalType\":\"role\",\"principal\":\"apps\",\"pattern\":\"a\",\"permissions\":[]}");
        expect(noPermission, 400);
        assertThat(json(noPermission).get("field").asText()).isEqualTo("permissions");
        HttpResponse<String> badType = http.post(
                "/api/grants",
                "{\"principalType\":\"group\",\"principal\":\"apps\",\"pattern\":\"a\",\"permissions\":[\"browse\"]}");
        expect(badType, 400);
        assertThat(json(badType).get("error").asText()).isEqualTo("principalType must be user or role, was 'group'");
        HttpResponse<String> unknownUser = http.post(
                "/api/grants",
                "{\"principalType\":\"user\",\"principal\":\"ghost\",\"pattern\":\"a\",\"permissions\":[\"browse\"]}");
        expect(unknownUser, 404);
        assertThat(json(unknownUser).get("error").asText()).isEqualTo("unknown user 'ghost'");
        expect(http.get("/api/grants?principal=apps"), 400);
        expect(http.post("/api/users", "{\"username\":\"u3\",\"colour\":\"red\"}"), 400);
    }

    @Test
    void theLoggedInUserCannotDeleteItself() throws Exception {
        ConsoleFixture.Http http = fixture.http().login();
        HttpResponse<String> self = http.post("/api/users/delete", "{\"username\":\"admin\"}");
        expect(self, 409);
        assertThat(json(self).get("error").asText()).contains("logged in as 'admin'");
    }

    @Test
    void everyEndpointNeedsALoginAndChangesNeedTheTokenAndOrigin() throws Exception {
        ConsoleFixture.Http anonymous = fixture.http();
        expect(anonymous.get("/api/users"), 401);
        expect(anonymous.get("/api/grants"), 401);
        expect(anonymous.post("/api/users", "{\"username\":\"x\",\"password\":\"long-enough\"}"), 401);
        expect(anonymous.post("/api/users/password", "{\"username\":\"x\",\"password\":\"long-enough\"}"), 401);
        expect(anonymous.post("/api/users/delete", "{\"username\":\"x\"}"), 401);
        expect(anonymous.post("/api/grants", "{}"), 401);
        expect(anonymous.post("/api/grants/revoke", "{}"), 401);

        ConsoleFixture.Http http = fixture.http().login();
        String token = http.csrf;
        http.csrf = null;
        String[][] changes = {
            {"/api/users", "{\"username\":\"csrf1\",\"password\":\"long-enough\"}"},
            {"/api/users/password", "{\"username\":\"admin\",\"password\":\"long-enough\"}"},
            {"/api/users/delete", "{\"username\":\"admin\"}"},
            {
                "/api/grants",
                "{\"principalType\":\"role\",\"principal\":\"r\",\"pattern\":\"#\",\"permissions\":[\"admin\"]}"
            },
            {"/api/grants/revoke", "{\"principalType\":\"role\",\"principal\":\"r\",\"pattern\":\"#\"}"}
        };
        for (String[] change : changes) {
            HttpResponse<String> r = http.post(change[0], change[1]);
            expect(r, 403);
            assertThat(json(r).get("error").asText()).as(change[0]).contains("CSRF");
        }
        http.csrf = token;
        http.origin = "http://evil.example";
        for (String[] change : changes) {
            HttpResponse<String> r = http.post(change[0], change[1]);
            expect(r, 403);
            assertThat(json(r).get("error").asText()).as(change[0]).contains("cross-site");
        }
        http.origin = fixture.base;
        assertThat(http.get("/api/users").body()).doesNotContain("csrf1");
        assertThat(http.get("/api/grants").body()).doesNotContain("\"principal\":\"r\"");
        try (SluiceClient client = SluiceClient.connect(ClientConfig.builder()
                .host("127.0.0.1")
                .port(fixture.broker.port())
                .build())) {
            assertThat(client.admin().listUsers("csrf1").get()).isEmpty();
        }
    }
}
