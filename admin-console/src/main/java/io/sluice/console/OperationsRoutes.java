package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.client.SluiceAdmin;
import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.BrokerStatsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker as a whole: overview, connections, producers and the Prometheus endpoint.
 *
 * <pre>
 * GET    /api/overview                 broker stats (counters for rates) and destination totals
 * GET    /api/connections
 * DELETE /api/connections/{id}
 * GET    /api/producers?destination=
 * GET    /metrics                      Prometheus text; a console session or HTTP Basic credentials
 * </pre>
 *
 * <p>Thread-safe.
 */
final class OperationsRoutes {
    private final Duration timeout;
    private final BrokerAccess broker;
    private final OperatorSessions sessions;

    OperationsRoutes(Duration timeout, BrokerAccess broker, OperatorSessions sessions) {
        this.timeout = timeout;
        this.broker = broker;
        this.sessions = sessions;
    }

    void register(Javalin app) {
        app.get("/api/overview", this::overview);
        app.get("/api/connections", ctx -> ctx.json(await(admin(ctx).listConnections())));
        app.delete("/api/connections/{id}", ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "connection id must be a number", "id");
            }
            await(admin(ctx).closeConnection(id));
            ctx.status(204);
        });
        app.get("/api/producers", ctx -> {
            String destination = ctx.queryParam("destination");
            if (destination != null && !destination.isEmpty()) {
                Inputs.destination(destination, "destination");
            } else {
                destination = null;
            }
            ctx.json(await(admin(ctx).listProducers(destination)));
        });
        app.get("/metrics", this::metrics);
    }

    private void overview(Context ctx) {
        SluiceAdmin admin = admin(ctx);
        BrokerStatsResponse stats = await(admin.brokerStats());
        var destinations = await(admin.destinationStats(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("broker", stats);
        out.put("uptimeMs", stats.uptimeMs());
        out.put(
                "queues",
                destinations.stream().filter(d -> d.type().equals("queue")).count());
        out.put(
                "topics",
                destinations.stream().filter(d -> d.type().equals("topic")).count());
        out.put(
                "pendingMessages",
                destinations.stream()
                        .mapToLong(d -> Math.max(0, d.pendingMessages()))
                        .sum());
        out.put(
                "storedMessages",
                destinations.stream().mapToLong(d -> d.storedMessages()).sum());
        out.put("consumers", destinations.stream().mapToLong(d -> d.consumers()).sum());
        ctx.json(out);
    }

    /** Prometheus scrapes with the operator's session, or with HTTP Basic credentials checked like a login. */
    private void metrics(Context ctx) {
        OperatorSession session =
                sessions.find(ctx.cookie(OperatorSessions.COOKIE)).orElse(null);
        String text;
        if (session != null) {
            text = render(session.admin());
        } else {
            String[] credentials = basic(ctx.header("Authorization"));
            if (credentials == null) {
                ctx.header("WWW-Authenticate", "Basic realm=\"sluice\"");
                throw new ConsoleException(401, "log in, or send HTTP Basic credentials");
            }
            try (SluiceClient client = broker.login(credentials[0], credentials[1])) {
                text = render(client.admin());
            }
        }
        ctx.contentType(PrometheusFormat.CONTENT_TYPE).result(text);
    }

    private String render(SluiceAdmin admin) {
        return PrometheusFormat.render(await(admin.brokerStats()), await(admin.destinationStats(null)));
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SluiceAdmin admin(Context ctx) {
        return RequestGuard.session(ctx).admin();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        return BrokerCalls.await(f, timeout);
    }
}
