package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.server.TlsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console served over HTTPS, managing a broker with security on and TLS on its port: operators
 * log in with the broker's users (the broker checks the password), the session cookie is Secure,
 * and the broker's AUTHORIZATION_FAILED reaches a non-admin operator as a 403.
 */
@Timeout(180)
class ConsoleTlsIT {
    private static final String ROOT_PASSWORD = "root-secret-1";
    private static final String APP_PASSWORD = "app-secret-1";
    private static final String CONSOLE_PASSWORD = "console-only-password";

    @TempDir
    static Path dir;

    static SluiceBroker broker;
    static SluiceConsole console;
    static String base;
    static SSLContext trust;

    @BeforeAll
    static void start() throws Exception {
        KeytoolCertificates.Stores stores = KeytoolCertificates.create(dir.resolve("tls"));
        trust = KeytoolCertificates.clientContext(stores);
        broker = SluiceBroker.start(BrokerConfig.forTesting(dir.resolve("data"))
                .securityEnabled(true)
                .passwordsRequireTls(true)
                .tls(new TlsConfig(
                        stores.keyStore(), stores.password(), "PKCS12", null, TlsConfig.DEFAULT_PROTOCOLS, List.of()))
                .user("root", ROOT_PASSWORD, List.of("admin"))
                .user("app", APP_PASSWORD, List.of("apps"))
                .build());
        console = SluiceConsole.start(ConsoleConfig.defaults()
                .withListen("127.0.0.1", 0)
                .withBroker("127.0.0.1", broker.port())
                .withAdminPassword(CONSOLE_PASSWORD)
                .withHttps(new ConsoleHttps(stores.keyStore(), stores.password(), "PKCS12", null))
                .withBrokerTls(new BrokerTls(stores.trustStore(), stores.password(), "PKCS12", true)));
        base = "https://127.0.0.1:" + console.port();
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static ConsoleFixture.Http http() {
        return new ConsoleFixture.Http(base, trust);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static void expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    @Test
    void brokerUsersLogInOverHttpsWithASecureCookie() throws Exception {
        ConsoleFixture.Http http = http();
        HttpResponse<String> ok =
                http.post("/api/login", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}");
        expect(ok, 200);
        assertThat(ok.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("; Secure");
        http.csrf = json(ok).get("csrfToken").asText();
        JsonNode overview = json(http.get("/api/overview"));
        assertThat(overview.get("broker").get("securityEnabled").asBoolean()).isTrue();
        // The console's connection is a TLS connection of user root.
        JsonNode connections = json(http.get("/api/connections"));
        assertThat(connections.toString()).contains("\"username\":\"root\"");

        expect(http().post("/api/login", "{\"username\":\"root\",\"password\":\"wrong-password\"}"), 401);
        expect(http().post("/api/login", "{\"username\":\"nobody\",\"password\":\"" + ROOT_PASSWORD + "\"}"), 401);
        // With broker security on, the console's own admin password opens nothing.
        expect(http().post("/api/login", "{\"username\":\"admin\",\"password\":\"" + CONSOLE_PASSWORD + "\"}"), 401);
    }

    @Test
    void changesNeedAnHttpsOriginAndTheToken() {
        ConsoleFixture.Http http = http().login("root", ROOT_PASSWORD);
        http.origin = "http://127.0.0.1:" + console.port(); // same host, other scheme: another origin
        expect(http.post("/api/grants", "{}"), 403);
        http.origin = base;
        String token = http.csrf;
        http.csrf = null;
        expect(http.post("/api/grants", "{}"), 403);
        http.csrf = token;
        expect(http.post("/api/grants", "{}"), 400);
    }

    @Test
    void aUserWithoutTheAdminRoleIsRefusedByTheBroker() throws Exception {
        ConsoleFixture.Http http = http().login("app", APP_PASSWORD);
        HttpResponse<String> users = http.get("/api/users");
        expect(users, 403);
        assertThat(json(users).get("error").asText()).contains("'app'").contains("admin");
        expect(http.get("/api/grants"), 403);
        HttpResponse<String> grant = http.post(
                "/api/grants",
                "{\"principalType\":\"user\",\"principal\":\"app\",\"pattern\":\"#\",\"permissions\":[\"admin\"]}");
        expect(grant, 403);
        expect(
                http.post("/api/users", "{\"username\":\"mine\",\"password\":\"long-enough\",\"roles\":[\"admin\"]}"),
                403);
        expect(http.post("/api/users/delete", "{\"username\":\"root\"}"), 403);
        expect(http.post("/api/users/password", "{\"username\":\"root\",\"password\":\"taken-over\"}"), 403);
        expect(http().post("/api/login", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}"), 200);
    }

    @Test
    void passwordsChangedInTheConsoleAreTheOnesTheBrokerChecks() throws Exception {
        ConsoleFixture.Http root = http().login("root", ROOT_PASSWORD);
        expect(root.post("/api/users", "{\"username\":\"temp\",\"password\":\"temp-secret-1\",\"roles\":[]}"), 201);
        expect(root.post("/api/users/password", "{\"username\":\"temp\",\"password\":\"temp-secret-2\"}"), 204);
        expect(http().post("/api/login", "{\"username\":\"temp\",\"password\":\"temp-secret-1\"}"), 401);

        ConsoleFixture.Http temp = http().login("temp", "temp-secret-2");
        HttpResponse<String> wrongCurrent = temp.post(
                "/api/users/password",
                "{\"username\":\"temp\",\"password\":\"temp-secret-3\",\"currentPassword\":\"not-it\"}");
        expect(wrongCurrent, 400);
        assertThat(json(wrongCurrent).get("field").asText()).isEqualTo("currentPassword");
        assertThat(json(wrongCurrent).get("error").asText()).contains("current password");
        expect(temp.get("/api/session"), 200); // still logged in
        expect(
                temp.post(
                        "/api/users/password",
                        "{\"username\":\"temp\",\"password\":\"temp-secret-3\",\"currentPassword\":\"temp-secret-2\"}"),
                204);
        http().login("temp", "temp-secret-3");

        expect(root.post("/api/users/delete", "{\"username\":\"temp\"}"), 204);
        expect(http().post("/api/login", "{\"username\":\"temp\",\"password\":\"temp-secret-3\"}"), 401);
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoPage() {
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/session"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> r = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(r.body()).doesNotContain("csrfToken");
        } catch (java.io.IOException e) {
            assertThat(e).isNotNull(); // the TLS connector closed the connection: also no page
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUntrustedBrokerCertificateIsA503NamingTls() throws Exception {
        KeytoolCertificates.Stores other = KeytoolCertificates.create(dir.resolve("other"));
        try (SluiceConsole wrongTrust = SluiceConsole.start(ConsoleConfig.defaults()
                .withListen("127.0.0.1", 0)
                .withBroker("127.0.0.1", broker.port())
                .withBrokerTls(new BrokerTls(other.trustStore(), other.password(), "PKCS12", true)))) {
            ConsoleFixture.Http http = new ConsoleFixture.Http("http://127.0.0.1:" + wrongTrust.port(), null);
            HttpResponse<String> r =
                    http.post("/api/login", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}");
            expect(r, 503);
            assertThat(json(r).get("error").asText()).contains("(TLS)");
        }
        assertThatThrownBy(() -> SluiceConsole.start(ConsoleConfig.defaults()
                        .withListen("127.0.0.1", 0)
                        .withHttps(new ConsoleHttps(dir.resolve("missing.p12"), "x", "PKCS12", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.p12")
                .hasMessageContaining(ConsoleConfig.TLS_KEYSTORE_PATH);
        assertThatThrownBy(() -> SluiceConsole.start(ConsoleConfig.defaults()
                        .withListen("127.0.0.1", 0)
                        .withHttps(new ConsoleHttps(other.keyStore(), "wrong-password", "PKCS12", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server.p12");
    }
}
