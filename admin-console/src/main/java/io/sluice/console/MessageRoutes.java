package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.client.InspectedPage;
import io.sluice.client.RecordMetadata;
import io.sluice.client.SluiceAdmin;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.DeleteMessagesRequest;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.MessageActionResponse;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.api.MoveMessagesRequest;
import io.sluice.protocol.api.RedriveMessagesRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages of a destination: browse (a page at a time, from an offset or a time, with a
 * selector), send a test message, delete, move or copy selected messages, redrive a dead-letter
 * queue.
 *
 * <pre>
 * GET  /api/destinations/{name}/messages?view=queue|log|subscription&amp;subscription=ID&amp;partition=
 *          &amp;offset=&amp;time=&amp;selector=&amp;limit=&amp;after=P:O,P:O
 * POST /api/destinations/{name}/messages            a test message (see {@link TestMessages.Form})
 * POST /api/destinations/{name}/messages/delete     {subscription, messages: [{partition, offset}]}
 * POST /api/destinations/{name}/messages/move       {subscription, target, copy, messages}
 * POST /api/destinations/{name}/redrive             {messages} or {all: true, limit}
 * </pre>
 *
 * <p>Thread-safe.
 */
final class MessageRoutes {
    /** Selected messages, in the subscription named (null: the queue's cursor, or a topic's log). */
    record Selection(Long subscription, List<MessageRef> messages, String target, Boolean copy) {}

    /** A redrive: selected messages, or all (a page of {@code limit} at a time). */
    record Redrive(List<MessageRef> messages, Boolean all, Integer limit) {}

    private final Duration timeout;
    private final MessageView views = new MessageView();
    private final TestMessages tests;

    MessageRoutes(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.tests = new TestMessages(clock);
    }

    void register(Javalin app) {
        app.get("/api/destinations/{name}/messages", this::browse);
        app.post("/api/destinations/{name}/messages", this::send);
        app.post("/api/destinations/{name}/messages/delete", this::delete);
        app.post("/api/destinations/{name}/messages/move", this::move);
        app.post("/api/destinations/{name}/redrive", this::redrive);
    }

    private void browse(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        SluiceAdmin admin = RequestGuard.session(ctx).admin();
        String view = ctx.queryParamAsClass("view", String.class).getOrDefault("log");
        long subscriptionId =
                switch (view) {
                    case "log" -> -1;
                    case "queue" -> -2;
                    case "subscription" -> Inputs.longParam(ctx, "subscription", -3, 0, Long.MAX_VALUE);
                    default -> throw new ConsoleException(400, "view must be log, queue or subscription", "view");
                };
        if (subscriptionId == -3) {
            throw new ConsoleException(400, "view=subscription needs subscription=ID", "subscription");
        }
        int partition = (int) Inputs.longParam(ctx, "partition", -1, -1, Integer.MAX_VALUE);
        long offset = Inputs.longParam(ctx, "offset", -1, -1, Long.MAX_VALUE);
        long time = Inputs.longParam(ctx, "time", -1, -1, Long.MAX_VALUE);
        int limit = (int) Inputs.longParam(ctx, "limit", 50, 1, 1000);
        String selector = Inputs.selector(ctx.queryParam("selector"));
        List<BrowseRequest.Position> after = positions(ctx.queryParam("after"));
        InspectedPage page = BrokerCalls.await(
                admin.inspectMessages(new InspectMessagesRequest(
                        name, subscriptionId, selector, partition, offset, time, after, limit)),
                timeout);
        boolean queue = "queue".equals(ctx.queryParam("kind")) || subscriptionId == -2;
        List<Map<String, Object>> messages = new ArrayList<>();
        for (InspectedPage.Message m : page.messages()) {
            messages.add(views.view(name, queue, m));
        }
        StringBuilder next = new StringBuilder();
        for (BrowseRequest.Position p : page.positions()) {
            next.append(next.length() == 0 ? "" : ",")
                    .append(p.partition())
                    .append(':')
                    .append(p.offset());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messages", messages);
        out.put("next", next.toString());
        out.put("end", page.end());
        ctx.json(out);
    }

    /** Parses {@code P:O,P:O}. */
    static List<BrowseRequest.Position> positions(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<BrowseRequest.Position> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] po = part.trim().split(":");
            try {
                if (po.length != 2) {
                    throw new NumberFormatException(part);
                }
                out.add(new BrowseRequest.Position(Integer.parseInt(po[0]), Long.parseLong(po[1])));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "after must be PARTITION:OFFSET,..., was '" + text + "'", "after");
            }
        }
        return out;
    }

    private void send(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        OperatorSession session = RequestGuard.session(ctx);
        TestMessages.Form form = Json.body(ctx, TestMessages.Form.class);
        RecordMetadata stored = BrokerCalls.await(session.producer().send(tests.build(name, form)), timeout);
        ctx.status(201).json(Map.of("partition", stored.partition(), "offset", stored.offset()));
    }

    private void delete(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        Selection s = Json.body(ctx, Selection.class);
        MessageActionResponse r = BrokerCalls.await(
                RequestGuard.session(ctx)
                        .admin()
                        .deleteMessages(new DeleteMessagesRequest(name, subscription(s), refs(s.messages()))),
                timeout);
        ctx.json(r);
    }

    private void move(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        Selection s = Json.body(ctx, Selection.class);
        String target = Inputs.destination(s.target(), "target");
        MoveMessagesRequest request = new MoveMessagesRequest(
                name, subscription(s), target, Boolean.TRUE.equals(s.copy()), refs(s.messages()));
        ctx.json(BrokerCalls.await(RequestGuard.session(ctx).admin().moveMessages(request), timeout));
    }

    private void redrive(Context ctx) {
        String name = Inputs.pathDestination(ctx);
        Redrive r = Json.body(ctx, Redrive.class);
        boolean all = Boolean.TRUE.equals(r.all());
        if (all == (r.messages() != null)) {
            throw new ConsoleException(400, "send either messages or all: true", "messages");
        }
        int limit = r.limit() == null ? 1000 : r.limit();
        if (limit < 1 || limit > 1000) {
            throw new ConsoleException(400, "limit must be 1 to 1000, was " + limit, "limit");
        }
        RedriveMessagesRequest request = new RedriveMessagesRequest(name, all ? null : refs(r.messages()), limit);
        ctx.json(BrokerCalls.await(RequestGuard.session(ctx).admin().redriveMessages(request), timeout));
    }

    private static long subscription(Selection s) {
        return s.subscription() == null ? -1 : s.subscription();
    }

    private static List<MessageRef> refs(List<MessageRef> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new ConsoleException(400, "select at least one message", "messages");
        }
        if (messages.size() > 1000) {
            throw new ConsoleException(400, "at most 1000 messages at a time, not " + messages.size(), "messages");
        }
        for (MessageRef m : messages) {
            if (m.partition() < 0 || m.offset() < 0) {
                throw new ConsoleException(400, "partition and offset must not be negative", "messages");
            }
        }
        return messages;
    }
}
