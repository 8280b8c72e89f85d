package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every REST endpoint of the console against a real broker, over HTTP. */
@Timeout(120)
class ConsoleRestIT {
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

    private static ConsoleFixture.Http admin() {
        return fixture.http().login();
    }

    private static void create(ConsoleFixture.Http http, String body) {
        HttpResponse<String> r = http.post("/api/destinations", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void everyApiNeedsALogin() {
        ConsoleFixture.Http anonymous = fixture.http();
        for (String path : new String[] {
            "/api/overview", "/api/destinations", "/api/destinations/x", "/api/destinations/x/messages",
            "/api/destinations/x/subscriptions", "/api/connections", "/api/producers", "/api/session"
        }) {
            assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/destinations", "{\"name\":\"q\"}").statusCode())
                .isEqualTo(401);
        assertThat(anonymous.send("DELETE", "/api/connections/1", null).statusCode())
                .isEqualTo(401);
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
    }

    @Test
    void loginChecksThePasswordAndSetsAStrictHttpOnlyCookie() throws Exception {
        ConsoleFixture.Http http = fixture.http();
        HttpResponse<String> wrong = http.post("/api/login", "{\"username\":\"admin\",\"password\":\"nope\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asText()).contains("wrong username or password");
        HttpResponse<String> ok = http.post("/api/login", "{\"username\":\"admin\",\"password\":\"test-password\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(json(ok).get("username").asText()).isEqualTo("admin");
        assertThat(ok.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'");
        assertThat(http.get("/api/session").statusCode()).isEqualTo(200);
        assertThat(http.post("/api/logout", "{}").statusCode()).isEqualTo(403); // the token was not sent
    }

    @Test
    void logoutEndsTheSession() {
        ConsoleFixture.Http http = admin();
        assertThat(http.post("/api/logout", "{}").statusCode()).isEqualTo(204);
        assertThat(http.get("/api/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void crossSiteAndTokenlessChangesAreRefused() throws Exception {
        ConsoleFixture.Http http = admin();
        http.origin = "http://evil.example";
        HttpResponse<String> crossSite = http.post("/api/destinations", "{\"name\":\"evil\"}");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(json(crossSite).get("error").asText()).contains("cross-site");
        http.origin = fixture.base;
        String token = http.csrf;
        http.csrf = null;
        HttpResponse<String> tokenless = http.post("/api/destinations", "{\"name\":\"evil\"}");
        assertThat(tokenless.statusCode()).isEqualTo(403);
        assertThat(json(tokenless).get("error").asText()).contains("CSRF");
        http.csrf = "wrong";
        assertThat(http.send("DELETE", "/api/destinations/anything", null).statusCode())
                .isEqualTo(403);
        http.csrf = token;
        assertThat(http.get("/api/destinations/evil").statusCode()).isEqualTo(404);
    }

    @Test
    void badInputGetsA400WithAClearMessage() throws Exception {
        ConsoleFixture.Http http = admin();
        HttpResponse<String> badName = http.post("/api/destinations", "{\"name\":\"bad name!\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).get("error").asText()).contains("invalid destination name 'bad name!'");
        HttpResponse<String> negative = http.post("/api/destinations", "{\"name\":\"neg\",\"partitions\":-3}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative).get("error").asText()).isEqualTo("partitions must be at least 1, was -3");
        HttpResponse<String> notJson = http.post("/api/destinations", "{name");
        assertThat(notJson.statusCode()).isEqualTo(400);
        HttpResponse<String> badType = http.post("/api/destinations", "{\"name\":\"t1\",\"type\":\"stack\"}");
        assertThat(json(badType).get("error").asText()).contains("type must be queue or topic");
        create(http, "{\"name\":\"sel.q\"}");
        HttpResponse<String> badSelector =
                http.get("/api/destinations/sel.q/messages?view=queue&selector=a%20%3D%3D%201");
        assertThat(badSelector.statusCode()).isEqualTo(400);
        assertThat(json(badSelector).get("field").asText()).isEqualTo("selector");
        assertThat(json(badSelector).get("error").asText()).startsWith("invalid selector:");
        HttpResponse<String> badConfig = http.send(
                "PUT", "/api/destinations/sel.q/config", "{\"set\":{\"max.deliveries\":\"-1\"},\"reset\":[]}");
        assertThat(badConfig.statusCode()).isEqualTo(400);
        assertThat(json(badConfig).get("error").asText()).contains("max.deliveries");
        assertThat(http.get("/api/destinations/sel.q/messages?limit=0").statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/destinations?sort=colour").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/destinations/bad%20name").statusCode()).isEqualTo(400);
        assertThat(http.post("/api/destinations/sel.q/messages/delete", "{\"messages\":[]}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> badProperty = http.post(
                "/api/destinations/sel.q/messages",
                "{\"type\":\"TEXT\",\"body\":\"x\",\"properties\":[{\"name\":\"n\",\"type\":\"int\",\"value\":\"ten\"}]}");
        assertThat(badProperty.statusCode()).isEqualTo(400);
        assertThat(json(badProperty).get("error").asText()).contains("'ten' is not a int");
    }

    @Test
    void destinationsAreCreatedListedDescribedChangedAndDeleted() throws Exception {
        ConsoleFixture.Http http = admin();
        create(
                http,
                "{\"name\":\"life.q\",\"type\":\"queue\",\"partitions\":3,\"retentionMs\":3600000,"
                        + "\"segmentBytes\":1048576,\"maxDeliveries\":4,\"deadLetterQueue\":\"life.dlq\"}");
        create(http, "{\"name\":\"life.t\",\"type\":\"topic\"}");
        assertThat(http.post("/api/destinations", "{\"name\":\"life.q\"}").statusCode())
                .isEqualTo(409);
        JsonNode list = json(http.get("/api/destinations?filter=life&sort=partitions&order=desc"));
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("destinations").get(0).get("name").asText()).isEqualTo("life.q");
        assertThat(json(http.get("/api/destinations?filter=life&type=topic"))
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        JsonNode d = json(http.get("/api/destinations/life.q"));
        assertThat(d.get("configs").get("max.deliveries").asText()).isEqualTo("4");
        assertThat(d.get("configs").get("dead.letter.queue").asText()).isEqualTo("life.dlq");
        assertThat(d.get("configs").get("segment.bytes").asText()).isEqualTo("1048576");
        assertThat(d.get("partitions").size()).isEqualTo(3);
        assertThat(http.send(
                                "PUT",
                                "/api/destinations/life.q/config",
                                "{\"set\":{\"max.deliveries\":\"7\"},\"reset\":[]}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(http.get("/api/destinations/life.q"))
                        .get("configs")
                        .get("max.deliveries")
                        .asText())
                .isEqualTo("7");
        assertThat(http.send("DELETE", "/api/destinations/life.t", null).statusCode())
                .isEqualTo(204);
        assertThat(http.get("/api/destinations/life.t").statusCode()).isEqualTo(404);
    }

    @Test
    void messagesAreSentBrowsedFilteredMovedCopiedDeletedAndPurged() throws Exception {
        ConsoleFixture.Http http = admin();
        create(http, "{\"name\":\"orders\"}");
        create(http, "{\"name\":\"orders.audit\"}");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> sent = http.post(
                    "/api/destinations/orders/messages",
                    "{\"type\":\"TEXT\",\"body\":\"<b>order " + i + "</b>\",\"correlationId\":\"c" + i
                            + "\",\"priority\":7,\"properties\":[{\"name\":\"region\",\"type\":\"string\",\"value\":\""
                            + (i == 1 ? "EU" : "US") + "\"},{\"name\":\"amount\",\"type\":\"int\",\"value\":\"" + i
                            + "\"}]}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        }
        assertThat(http.post("/api/destinations/orders/messages", "{\"type\":\"BYTES\",\"body\":\"cafe01\"}")
                        .statusCode())
                .isEqualTo(201);
        JsonNode page = json(http.get("/api/destinations/orders/messages?view=queue&limit=10"));
        JsonNode messages = page.get("messages");
        assertThat(messages.size()).isEqualTo(4);
        JsonNode first = messages.get(0);
        assertThat(first.get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(first.get("headers").get("JMSCorrelationID").asText()).isEqualTo("c0");
        assertThat(first.get("headers").get("JMSPriority").asInt()).isEqualTo(7);
        assertThat(first.get("headers").get("JMSMessageID").asText()).startsWith("ID:");
        assertThat(first.get("body").get("text").asText()).isEqualTo("<b>order 0</b>");
        assertThat(first.get("properties").toString()).contains("\"name\":\"amount\",\"type\":\"int\",\"value\":0");
        assertThat(messages.get(3).get("body").get("hex").asText()).isEqualTo("cafe01");
        assertThat(page.get("end").asBoolean()).isTrue();

        JsonNode eu = json(http.get("/api/destinations/orders/messages?view=queue&selector=region%20%3D%20'EU'"));
        assertThat(eu.get("messages").size()).isEqualTo(1);
        assertThat(eu.get("messages").get(0).get("offset").asLong()).isEqualTo(1);
        JsonNode paged = json(http.get("/api/destinations/orders/messages?view=log&limit=2"));
        assertThat(paged.get("messages").size()).isEqualTo(2);
        JsonNode rest = json(http.get("/api/destinations/orders/messages?view=log&limit=10&after="
                + paged.get("next").asText()));
        assertThat(rest.get("messages").get(0).get("offset").asLong()).isEqualTo(2);
        assertThat(json(http.get("/api/destinations/orders/messages?view=log&offset=3"))
                        .get("messages")
                        .size())
                .isEqualTo(1);
        assertThat(json(http.get("/api/destinations/orders/messages?view=log&time="
                                + (System.currentTimeMillis() + 60_000)))
                        .get("messages")
                        .size())
                .isZero();

        JsonNode copied = json(http.post(
                "/api/destinations/orders/messages/move",
                "{\"target\":\"orders.audit\",\"copy\":true,\"messages\":[{\"partition\":0,\"offset\":0}]}"));
        assertThat(copied.get("affected").asInt()).isEqualTo(1);
        JsonNode moved = json(http.post(
                "/api/destinations/orders/messages/move",
                "{\"target\":\"orders.audit\",\"messages\":[{\"partition\":0,\"offset\":1}]}"));
        assertThat(moved.get("affected").asInt()).as(moved.toString()).isEqualTo(1);
        JsonNode audit = json(http.get("/api/destinations/orders.audit/messages?view=queue"));
        assertThat(audit.get("messages").size()).isEqualTo(2);
        assertThat(audit.get("messages").get(1).get("properties").toString()).contains("EU");
        JsonNode deleted = json(http.post(
                "/api/destinations/orders/messages/delete",
                "{\"messages\":[{\"partition\":0,\"offset\":2},{\"partition\":0,\"offset\":1}]}"));
        assertThat(deleted.get("affected").asInt()).isEqualTo(1);
        assertThat(deleted.get("skipped").asInt()).isEqualTo(1);
        assertThat(deleted.get("detail").asText()).contains("offset 1 of partition 0");
        JsonNode remaining = json(http.get("/api/destinations/orders/messages?view=queue"));
        assertThat(remaining.get("messages").size()).isEqualTo(2); // offsets 0 and 3
        JsonNode subs = json(http.get("/api/destinations/orders/subscriptions"));
        assertThat(subs.get(0).get("type").asText()).isEqualTo("QUEUE");
        assertThat(subs.get(0).get("backlog").asLong()).isEqualTo(2);
        assertThat(subs.get(0).get("oldestUnackedTimestamp").asLong()).isPositive();
        JsonNode purged = json(http.post("/api/destinations/orders/purge", "{}"));
        assertThat(purged.get("purged").asLong()).isEqualTo(2);
        assertThat(json(http.get("/api/destinations/orders/messages?view=queue"))
                        .get("messages")
                        .size())
                .isZero();
        assertThat(json(http.get("/api/destinations/orders/messages?view=log"))
                        .get("messages")
                        .size())
                .isEqualTo(4);
    }

    @Test
    void deadLetteredMessagesAreRedrivenToTheirOriginalQueue() throws Exception {
        ConsoleFixture.Http http = admin();
        create(http, "{\"name\":\"payments\",\"deadLetterQueue\":\"payments.dlq\"}");
        http.post("/api/destinations/payments/messages", "{\"type\":\"TEXT\",\"body\":\"pay 1\"}");
        fixture.rejectOne("payments");
        JsonNode dead = null;
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = http.get("/api/destinations/payments.dlq/messages?view=queue");
            if (r.statusCode() == 200 && json(r).get("messages").size() == 1) {
                dead = json(r).get("messages").get(0);
                break;
            }
            Thread.sleep(50);
        }
        assertThat(dead)
                .as("the rejected message reached the dead-letter queue")
                .isNotNull();
        assertThat(dead.get("properties").toString()).contains("JMS_Sluice_OriginalDestination", "queue://payments");
        JsonNode redriven = json(http.post(
                "/api/destinations/payments.dlq/redrive",
                "{\"messages\":[{\"partition\":0,\"offset\":"
                        + dead.get("offset").asLong() + "}]}"));
        assertThat(redriven.get("affected").asInt()).as(redriven.toString()).isEqualTo(1);
        JsonNode back = json(http.get("/api/destinations/payments/messages?view=queue"));
        assertThat(back.get("messages").size()).isEqualTo(1);
        assertThat(back.get("messages").get(0).get("body").get("text").asText()).isEqualTo("pay 1");
        assertThat(back.get("messages").get(0).get("properties").toString()).doesNotContain("JMS_Sluice_");
        assertThat(json(http.get("/api/destinations/payments.dlq/messages?view=queue"))
                        .get("messages")
                        .size())
                .isZero();
        JsonNode none = json(http.post("/api/destinations/payments.dlq/redrive", "{\"all\":true}"));
        assertThat(none.get("affected").asInt()).isZero();
        assertThat(none.get("more").asBoolean()).isFalse();
        assertThat(http.post("/api/destinations/payments.dlq/redrive", "{}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void subscriptionsOfATopicShowAndIdleDurableOnesAreDeleted() throws Exception {
        ConsoleFixture.Http http = admin();
        create(http, "{\"name\":\"prices\",\"type\":\"topic\"}");
        assertThat(json(http.get("/api/destinations/prices/subscriptions")).size())
                .isZero();
        assertThat(http.send("DELETE", "/api/destinations/prices/subscriptions/999999", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.send("DELETE", "/api/destinations/prices/subscriptions/abc", null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void connectionsAreListedAndClosed() throws Exception {
        ConsoleFixture.Http http = admin();
        try (var client = io.sluice.client.SluiceClient.connect(io.sluice.client.ClientConfig.builder()
                .host("127.0.0.1")
                .port(fixture.broker.port())
                .clientId("listed-app")
                .reconnectMaxAttempts(0)
                .build())) {
            JsonNode list = json(http.get("/api/connections"));
            JsonNode app = null;
            for (JsonNode c : list) {
                if ("listed-app".equals(c.path("clientId").asText())) {
                    app = c;
                }
            }
            assertThat(app).as(list.toString()).isNotNull();
            assertThat(app.get("address").asText()).contains("127.0.0.1");
            assertThat(http.send(
                                    "DELETE",
                                    "/api/connections/"
                                            + app.get("connectionId").asLong(),
                                    null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(http.send("DELETE", "/api/connections/987654", null).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void producersShowTheirEpochAndLastSequencePerPartition() throws Exception {
        ConsoleFixture.Http http = admin();
        create(http, "{\"name\":\"produced\"}");
        http.post("/api/destinations/produced/messages", "{\"type\":\"TEXT\",\"body\":\"a\"}");
        http.post("/api/destinations/produced/messages", "{\"type\":\"TEXT\",\"body\":\"b\"}");
        JsonNode producers = json(http.get("/api/producers?destination=produced"));
        assertThat(producers.size()).isEqualTo(1);
        assertThat(producers.get(0).get("lastSequence").asInt()).isEqualTo(1);
        assertThat(producers.get(0).get("lastOffset").asLong()).isEqualTo(1);
        assertThat(producers.get(0).get("epoch").asInt()).isZero();
        assertThat(producers.get(0).get("connectionId").asLong()).isPositive();
        assertThat(http.get("/api/producers?destination=missing").statusCode()).isEqualTo(404);
    }

    @Test
    void overviewAndPrometheusMetricsShowTheBroker() throws Exception {
        ConsoleFixture.Http http = admin();
        create(http, "{\"name\":\"metered\"}");
        http.post("/api/destinations/metered/messages", "{\"type\":\"TEXT\",\"body\":\"m\"}");
        JsonNode o = json(http.get("/api/overview"));
        assertThat(o.get("broker").get("connections").asInt()).isPositive();
        assertThat(o.get("broker").get("diskFreeBytes").asLong()).isPositive();
        assertThat(o.get("broker").get("heapUsedBytes").asLong()).isPositive();
        assertThat(o.get("broker").get("messagesIn").asLong()).isPositive();
        assertThat(o.get("uptimeMs").asLong()).isNotNegative();
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE sluice_broker_messages_in_total counter")
                .contains("sluice_destination_messages_stored{destination=\"metered\",type=\"queue\"} 1")
                .contains("sluice_broker_disk_free_bytes ");
        ConsoleFixture.Http scraper = fixture.http();
        String basic = Base64.getEncoder().encodeToString("admin:test-password".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> scraped = scraper.send("GET", "/metrics", null, "Authorization", "Basic " + basic);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("sluice_up 1");
    }

    @Test
    void theFrontEndIsServedFromTheJar() {
        HttpResponse<String> index = fixture.http().get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<script src=\"/app.js\"").doesNotContain("http://", "https://");
        String app = fixture.http().get("/app.js").body();
        assertThat(app).contains("textContent").doesNotContain("innerHTML", "https://");
    }
}
