package io.sluice.console;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.client.ClientConfig;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.message.DestinationKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A broker (security off) and a console on free ports for tests, with a small HTTP client that
 * keeps the session cookie and sends the CSRF token and the console's Origin.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String PASSWORD = "test-password";

    final SluiceBroker broker;
    final SluiceConsole console;
    final String base;

    ConsoleFixture(Path dataDir) {
        broker = SluiceBroker.start(BrokerConfig.forTesting(dataDir).build());
        console = SluiceConsole.start(ConsoleConfig.defaults()
                .withListen("127.0.0.1", 0)
                .withBroker("127.0.0.1", broker.port())
                .withAdminPassword(PASSWORD));
        base = "http://127.0.0.1:" + console.port();
    }

    /**
     * Takes one message of {@code queue} with a JMS-style consumer and rejects it, so that the
     * broker dead-letters it (as a JMS application giving up on a message would).
     */
    void rejectOne(String queue) throws Exception {
        try (SluiceClient client = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(broker.port()).build())) {
            java.util.concurrent.CompletableFuture<Long> delivered = new java.util.concurrent.CompletableFuture<>();
            client.registerPushHandler(
                    ApiKey.DELIVER,
                    body -> DeliverPush.read(body).messages().get(0).deliveryId(),
                    delivered::complete);
            client.request(
                            ApiKey.CREATE_CONSUMER,
                            new CreateConsumerRequest(
                                    1,
                                    queue,
                                    DestinationKind.QUEUE,
                                    SubscriptionType.QUEUE,
                                    null,
                                    null,
                                    false,
                                    1,
                                    false),
                            Empty::read)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            long id = delivered.get(10, java.util.concurrent.TimeUnit.SECONDS);
            client.request(
                            ApiKey.ACK,
                            new AckRequest(AckType.REJECT, java.util.List.of(new AckRequest.Range(id, id))),
                            Empty::read)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    Http http() {
        return new Http(base, null);
    }

    @Override
    public void close() {
        console.close();
        broker.close();
    }

    /** An HTTP client with a cookie jar of one cookie. */
    static final class Http {
        private final String base;
        private final HttpClient client;
        String cookie;
        String csrf;
        String origin;

        /** @param tls for an https base: trusts the console's certificate; null for http */
        Http(String base, javax.net.ssl.SSLContext tls) {
            this.base = base;
            this.origin = base;
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (tls != null) {
                b.sslContext(tls);
            }
            this.client = b.build();
        }

        HttpResponse<String> send(String method, String path, String json, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (csrf != null && !method.equals("GET")) {
                b.header(RequestGuard.CSRF_HEADER, csrf);
            }
            if (origin != null && !method.equals("GET")) {
                b.header("Origin", origin);
            }
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";", 2)[0]);
                return r;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> get(String path) {
            return send("GET", path, null);
        }

        HttpResponse<String> post(String path, String json) {
            return send("POST", path, json);
        }

        /** Logs in as the console's admin and keeps the token. */
        Http login() {
            return login("admin", PASSWORD);
        }

        /** Logs in and keeps the token. */
        Http login(String username, String password) {
            HttpResponse<String> r =
                    post("/api/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
            }
            try {
                csrf = Json.MAPPER.readTree(r.body()).get("csrfToken").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }
    }
}
