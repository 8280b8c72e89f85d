package io.sluice.broker.delivery;

import io.sluice.broker.log.PartitionLog;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicType;
import io.sluice.protocol.api.DeleteMessagesRequest;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.ListSubscriptionsResponse;
import io.sluice.protocol.api.MessageActionResponse;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.api.MoveMessagesRequest;
import io.sluice.protocol.api.RedriveMessagesRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery engine as operators see it (the operations APIs 64-70): subscriptions with their
 * cursors' state, deleting idle durable subscriptions, purging queues, and inspecting, deleting,
 * moving, copying and redriving messages. Each request finds the subscription it concerns and runs
 * on that subscription's executor; the log view of a destination and copies run on the delivery
 * pool. Changes answer once they are durable in the cursor log.
 *
 * <p>Thread-safe.
 */
public final class DeliveryAdmin {
    /** Most messages one delete, move or redrive request may name or take. */
    public static final int MAX_MESSAGES_PER_REQUEST = 1000;
    /** INSPECT_MESSAGES subscription id for the log view. */
    public static final long LOG_VIEW = -1;
    /** INSPECT_MESSAGES subscription id for the queue's own cursor. */
    public static final long QUEUE_VIEW = -2;

    private final DeliveryRuntime rt;
    private final SubscriptionManager subscriptions;
    private final DeliveryCounters counters;

    DeliveryAdmin(DeliveryRuntime rt, SubscriptionManager subscriptions, DeliveryCounters counters) {
        this.rt = rt;
        this.subscriptions = subscriptions;
        this.counters = counters;
    }

    public DeliveryCounters counters() {
        return counters;
    }

    // ---- subscriptions ----

    /** The subscriptions of a destination with their state, by id. */
    public CompletableFuture<List<ListSubscriptionsResponse.SubscriptionInfo>> subscriptions(String topic) {
        requireTopic(topic);
        List<CompletableFuture<ListSubscriptionsResponse.SubscriptionInfo>> infos = new ArrayList<>();
        for (Subscription sub : subscriptions.registered(topic)) {
            infos.add(sub.onActor(() -> SubscriptionAdmin.info(sub)).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new)).thenApply(v -> infos.stream()
                .map(CompletableFuture::join)
                .filter(java.util.Objects::nonNull)
                .toList());
    }

    /** Per destination: {subscriptions, consumers}. */
    public Map<String, int[]> subscriptionCounts() {
        return subscriptions.countsByTopic();
    }

    /** A queue's unacknowledged records, or -1 while it has no cursor yet. */
    public CompletableFuture<Long> queueBacklog(String queue) {
        Subscription sub = subscriptions.registeredQueue(queue);
        if (sub == null) {
            return CompletableFuture.completedFuture(-1L);
        }
        return sub.onActor(() -> SubscriptionAdmin.backlog(sub)).exceptionally(e -> -1L);
    }

    /** Deletes an idle durable subscription by id. */
    public CompletableFuture<Void> deleteSubscription(long id) {
        return rt.onMetadata(() -> {
            subscriptions.deleteById(id);
            return null;
        });
    }

    // ---- queues ----

    /** Acknowledges every message of a queue no consumer holds; completes with how many, once durable. */
    public CompletableFuture<Long> purge(String queue) {
        Topic topic = requireQueue(queue);
        return queueSubscription(topic).thenCompose(sub -> sub.onActor(() -> {
                    long purged = SubscriptionAdmin.purge(sub);
                    CompletableFuture<Long> durable = whenDurable(sub).thenApply(v -> purged);
                    sub.requestRound();
                    return durable;
                })
                .thenCompose(f -> f));
    }

    // ---- messages ----

    /** A page of a destination's log or of a subscription's unacknowledged messages. */
    public CompletableFuture<InspectPage> inspect(InspectMessagesRequest r) {
        if (r.maxMessages() < 1 || r.maxMessages() > MessageInspector.MAX_PAGE) {
            throw invalid("maxMessages must be 1 to " + MessageInspector.MAX_PAGE + ", was " + r.maxMessages());
        }
        Selector selector = DeliveryService.parseSelector(r.selector());
        Topic topic = requireTopic(r.topic());
        if (r.partition() < -1 || r.partition() >= topic.partitions()) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_PARTITION,
                    "'" + topic.name() + "' has partitions 0 to " + (topic.partitions() - 1) + ", not "
                            + r.partition());
        }
        if (r.subscriptionId() == LOG_VIEW) {
            return logPage(topic, r, selector);
        }
        CompletableFuture<Subscription> view = r.subscriptionId() == QUEUE_VIEW
                ? queueSubscription(requireQueue(r.topic()))
                : CompletableFuture.completedFuture(subscriptionOf(topic, r.subscriptionId()));
        return view.thenCompose(sub -> sub.onActor(() -> SubscriptionAdmin.inspect(sub, r, selector)));
    }

    private CompletableFuture<InspectPage> logPage(Topic topic, InspectMessagesRequest r, Selector selector) {
        Partition[] partitions = partitionsOf(topic);
        PartitionLog[] logs = new PartitionLog[partitions.length];
        long[] starts = new long[partitions.length];
        for (int p = 0; p < logs.length; p++) {
            logs[p] = partitions[p].log();
            starts[p] = logs[p].logStartOffset();
        }
        return CompletableFuture.supplyAsync(
                () -> MessageInspector.page(
                        topic.name(),
                        logs,
                        starts,
                        r,
                        selector,
                        (p, rec, batch, now) -> MessageInspector.STORED,
                        4L * rt.config().readBytes(),
                        rt.config().readBytes(),
                        rt.clock().millis()),
                rt.pool());
    }

    /**
     * Deletes messages by acknowledging them: in the subscription named, in the queue's cursor, or
     * (topic, no subscription) in every subscription of the topic.
     */
    public CompletableFuture<MessageActionResponse> delete(DeleteMessagesRequest r) {
        checkRefs(r.messages());
        Topic topic = requireTopic(r.topic());
        List<CompletableFuture<Subscription>> targets = new ArrayList<>();
        if (r.subscriptionId() >= 0) {
            targets.add(CompletableFuture.completedFuture(subscriptionOf(topic, r.subscriptionId())));
        } else if (topic.config().type() == TopicType.QUEUE) {
            targets.add(queueSubscription(topic));
        } else {
            subscriptions.registered(topic.name()).forEach(s -> targets.add(CompletableFuture.completedFuture(s)));
        }
        List<CompletableFuture<SubscriptionAdmin.Outcome>> outcomes = new ArrayList<>();
        for (CompletableFuture<Subscription> target : targets) {
            outcomes.add(target.thenCompose(sub -> sub.onActor(() -> {
                        SubscriptionAdmin.Outcome outcome = SubscriptionAdmin.delete(sub, r.messages());
                        CompletableFuture<SubscriptionAdmin.Outcome> durable =
                                whenDurable(sub).thenApply(v -> outcome);
                        sub.requestRound();
                        return durable;
                    })
                    .thenCompose(f -> f)));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(v -> combine(outcomes, r.messages().size()));
    }

    private static MessageActionResponse combine(
            List<CompletableFuture<SubscriptionAdmin.Outcome>> outcomes, int requested) {
        if (outcomes.isEmpty()) {
            return new MessageActionResponse(0, requested, "the topic has no subscriptions: nothing to delete", false);
        }
        int affected = 0;
        String detail = null;
        for (CompletableFuture<SubscriptionAdmin.Outcome> f : outcomes) {
            SubscriptionAdmin.Outcome o = f.join();
            affected = Math.max(affected, o.affected);
            detail = detail == null ? o.detail : detail;
        }
        return new MessageActionResponse(affected, requested - affected, detail, false);
    }

    /** Moves (or copies) messages to another destination. */
    public CompletableFuture<MessageActionResponse> move(MoveMessagesRequest r) {
        checkRefs(r.messages());
        Topic topic = requireTopic(r.topic());
        Topic target = requireTopic(r.target());
        if (target.name().equals(topic.name())) {
            throw invalid("the target must be another destination than '" + topic.name() + "'");
        }
        if (r.copy()) {
            return MessageCopier.copy(rt, topic, partitionsOf(topic), partitionsOf(target), r.messages());
        }
        CompletableFuture<Subscription> view;
        if (r.subscriptionId() >= 0) {
            view = CompletableFuture.completedFuture(subscriptionOf(topic, r.subscriptionId()));
        } else if (topic.config().type() == TopicType.QUEUE) {
            view = queueSubscription(topic);
        } else {
            throw invalid(
                    "moving messages of a topic needs one of its subscriptions; a topic's log can only be copied");
        }
        return view.thenCompose(sub -> sub.onActor(() -> {
                    AdminMove ticket = new AdminMove();
                    SubscriptionAdmin.move(sub, r.messages(), target.name(), MoveReason.MOVED, ticket);
                    ticket.seal(false);
                    sub.mover.kick();
                    return ticket.result();
                })
                .thenCompose(f -> f));
    }

    /** Moves dead-lettered messages back to their original destinations. */
    public CompletableFuture<MessageActionResponse> redrive(RedriveMessagesRequest r) {
        if (r.messages() != null) {
            checkRefs(r.messages());
        } else if (r.maxMessages() < 1 || r.maxMessages() > MAX_MESSAGES_PER_REQUEST) {
            throw invalid("maxMessages must be 1 to " + MAX_MESSAGES_PER_REQUEST + ", was " + r.maxMessages());
        }
        Topic queue = requireQueue(r.topic());
        return queueSubscription(queue).thenCompose(sub -> sub.onActor(() -> {
                    AdminMove ticket = new AdminMove();
                    Redriver.redrive(sub, r.messages(), r.maxMessages(), ticket);
                    sub.mover.kick();
                    return ticket.result();
                })
                .thenCompose(f -> f));
    }

    // ---- helpers ----

    private static CompletableFuture<Void> whenDurable(Subscription sub) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        sub.journal.whenDurable(durable);
        sub.flushOps();
        return durable;
    }

    private CompletableFuture<Subscription> queueSubscription(Topic queue) {
        boolean temporary = TemporaryDestinations.isTemporaryName(queue.name());
        return rt.onMetadata(() -> subscriptions.queueSubscription(queue, temporary));
    }

    private Subscription subscriptionOf(Topic topic, long id) {
        Subscription sub = subscriptions.byId(id);
        if (sub == null || !sub.def.topic().equals(topic.name())) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_SUBSCRIPTION, "'" + topic.name() + "' has no subscription with id " + id);
        }
        return sub;
    }

    private Topic requireTopic(String name) {
        return rt.topics()
                .topic(name)
                .orElseThrow(() -> new SluiceProtocolException(
                        ErrorCode.UNKNOWN_TOPIC, "destination '" + name + "' does not exist"));
    }

    private Topic requireQueue(String name) {
        Topic topic = requireTopic(name);
        if (topic.config().type() != TopicType.QUEUE) {
            throw new SluiceProtocolException(
                    ErrorCode.DESTINATION_TYPE_MISMATCH, "'" + name + "' is a topic, not a queue");
        }
        return topic;
    }

    private Partition[] partitionsOf(Topic topic) {
        Partition[] partitions = SubscriptionManager.partitionsOf(rt, topic);
        if (partitions == null) {
            throw new SluiceProtocolException(
                    ErrorCode.UNKNOWN_TOPIC, "destination '" + topic.name() + "' was deleted");
        }
        return partitions;
    }

    private static void checkRefs(List<MessageRef> refs) {
        if (refs.isEmpty()) {
            throw invalid("name at least one message");
        }
        if (refs.size() > MAX_MESSAGES_PER_REQUEST) {
            throw invalid("at most " + MAX_MESSAGES_PER_REQUEST + " messages per request, not " + refs.size());
        }
    }

    private static SluiceProtocolException invalid(String message) {
        return new SluiceProtocolException(ErrorCode.INVALID_REQUEST, message);
    }
}
