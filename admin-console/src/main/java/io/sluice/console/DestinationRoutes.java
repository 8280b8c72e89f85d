package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.client.SluiceAdmin;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.DestinationStatsResponse.DestinationStats;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Destinations: list (filter, sort, page), create, describe, change configuration, delete, purge,
 * and their subscriptions (list, delete an idle durable one).
 *
 * <pre>
 * GET    /api/destinations?filter=&amp;type=&amp;sort=&amp;order=&amp;offset=&amp;limit=
 * POST   /api/destinations                       {name, type, partitions, retentionMs, segmentBytes,
 *                                                 maxDeliveries, deadLetterQueue, config}
 * GET    /api/destinations/{name}
 * PUT    /api/destinations/{name}/config         {set: {key: value}, reset: [key]}
 * DELETE /api/destinations/{name}
 * POST   /api/destinations/{name}/purge
 * GET    /api/destinations/{name}/subscriptions
 * DELETE /api/destinations/{name}/subscriptions/{id}
 * </pre>
 *
 * <p>Thread-safe.
 */
final class DestinationRoutes {
    /** The create form; null fields keep the broker's defaults. */
    record Create(
            String name,
            String type,
            Integer partitions,
            Long retentionMs,
            Long segmentBytes,
            Integer maxDeliveries,
            String deadLetterQueue,
            Map<String, String> config) {}

    /** A configuration change. */
    record Alter(Map<String, String> set, List<String> reset) {}

    private static final Map<String, Comparator<DestinationStats>> SORTS = Map.of(
            "name", Comparator.comparing(DestinationStats::name),
            "type", Comparator.comparing(DestinationStats::type),
            "partitions", Comparator.comparingInt(DestinationStats::partitions),
            "messages", Comparator.comparingLong(DestinationStats::storedMessages),
            "pending", Comparator.comparingLong(DestinationStats::pendingMessages),
            "size", Comparator.comparingLong(DestinationStats::sizeBytes),
            "in", Comparator.comparingLong(DestinationStats::messagesIn),
            "out", Comparator.comparingLong(DestinationStats::messagesOut),
            "consumers", Comparator.comparingInt(DestinationStats::consumers));

    private final Duration timeout;

    DestinationRoutes(Duration timeout) {
        this.timeout = timeout;
    }

    void register(Javalin app) {
        app.get("/api/destinations", this::list);
        app.post("/api/destinations", this::create);
        app.get("/api/destinations/{name}", this::describe);
        app.put("/api/destinations/{name}/config", this::alter);
        app.delete("/api/destinations/{name}", ctx -> {
            await(admin(ctx).deleteTopic(Inputs.pathDestination(ctx)));
            ctx.status(204);
        });
        app.post("/api/destinations/{name}/purge", ctx -> {
            long purged = await(admin(ctx).purgeQueue(Inputs.pathDestination(ctx)));
            ctx.json(Map.of("purged", purged));
        });
        app.get(
                "/api/destinations/{name}/subscriptions",
                ctx -> ctx.json(await(admin(ctx).listSubscriptions(Inputs.pathDestination(ctx)))));
        app.delete("/api/destinations/{name}/subscriptions/{id}", ctx -> {
            Inputs.pathDestination(ctx);
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "subscription id must be a number", "id");
            }
            await(admin(ctx).deleteSubscription(id));
            ctx.status(204);
        });
    }

    private void list(Context ctx) {
        List<DestinationStats> all = await(admin(ctx).destinationStats(null));
        String filter = ctx.queryParam("filter");
        String type = ctx.queryParam("type");
        String sort = ctx.queryParamAsClass("sort", String.class).getOrDefault("name");
        Comparator<DestinationStats> order = SORTS.get(sort);
        if (order == null) {
            throw new ConsoleException(400, "sort must be one of " + SORTS.keySet() + ", was '" + sort + "'", "sort");
        }
        if ("desc".equals(ctx.queryParam("order"))) {
            order = order.reversed();
        }
        int offset = (int) Inputs.longParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) Inputs.longParam(ctx, "limit", 100, 1, 1000);
        String needle = filter == null ? "" : filter.toLowerCase(Locale.ROOT);
        List<DestinationStats> matching = all.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(d -> type == null || type.isEmpty() || d.type().equals(type))
                .sorted(order)
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", matching.size());
        out.put("offset", offset);
        out.put(
                "destinations",
                matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size())));
        ctx.json(out);
    }

    private void create(Context ctx) {
        Create c = Json.body(ctx, Create.class);
        String name = Inputs.destination(c.name(), "name");
        String type = c.type() == null ? "queue" : c.type();
        if (!type.equals("queue") && !type.equals("topic")) {
            throw new ConsoleException(400, "type must be queue or topic, was '" + type + "'", "type");
        }
        int partitions = c.partitions() == null ? 1 : c.partitions();
        if (partitions < 1) {
            throw new ConsoleException(400, "partitions must be at least 1, was " + partitions, "partitions");
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (c.config() != null) {
            config.putAll(c.config());
        }
        config.put("type", type);
        putIfSet(config, "retention.ms", c.retentionMs());
        putIfSet(config, "segment.bytes", c.segmentBytes());
        putIfSet(config, "max.deliveries", c.maxDeliveries());
        if (c.deadLetterQueue() != null) {
            config.put(
                    "dead.letter.queue",
                    c.deadLetterQueue().isEmpty() ? "" : Inputs.destination(c.deadLetterQueue(), "deadLetterQueue"));
        }
        await(admin(ctx).createTopic(name, partitions, config));
        ctx.status(201).json(Map.of("name", name, "type", type, "partitions", partitions));
    }

    private static void putIfSet(Map<String, String> config, String key, Number value) {
        if (value != null) {
            config.put(key, value.toString());
        }
    }

    private void describe(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        SluiceAdmin admin = admin(ctx);
        DescribeTopicResponse d = await(admin.describeTopic(name));
        DestinationStats stats = await(admin.destinationStats(name)).stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("configs", d.configs());
        out.put("partitions", d.partitions());
        out.put("stats", stats);
        ctx.json(out);
    }

    private void alter(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        Alter a = Json.body(ctx, Alter.class);
        await(admin(ctx).alterTopicConfig(name, a.set(), a.reset()));
        ctx.status(204);
    }

    private static SluiceAdmin admin(Context ctx) {
        return RequestGuard.session(ctx).admin();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        return BrokerCalls.await(f, timeout);
    }
}
