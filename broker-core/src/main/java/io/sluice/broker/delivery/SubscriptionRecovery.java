package io.sluice.broker.delivery;

import io.netty.buffer.Unpooled;
import io.sluice.broker.meta.SubscriptionRecord;
import io.sluice.broker.meta.SubscriptionStore;
import io.sluice.broker.partition.Partition;
import io.sluice.broker.topic.Topic;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.selector.InvalidSelectorSyntaxException;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the persisted subscriptions at start: their definitions and snapshots from the metadata
 * store, then every cursor-log record from each snapshot's offset on, in one pass over the cursor
 * log. Subscriptions whose topic is gone (or whose stored selector no longer parses) are deleted.
 * A snapshot that cannot be read restarts its subscription from the log start: messages may be
 * delivered again, none is lost.
 *
 * <p>Not thread-safe; used once, at start, before the server accepts connections.
 */
final class SubscriptionRecovery {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionRecovery.class);

    /** A recovered subscription and the offset its snapshot is valid from. */
    record Recovered(Subscription subscription, long validToOffset) {}

    private final DeliveryRuntime rt;
    private final SubscriptionStore store;
    /** The largest subscription id in the cursor log, so that no id of a deleted one is reused. */
    private long maxIdInLog;

    SubscriptionRecovery(DeliveryRuntime rt, SubscriptionStore store) {
        this.rt = rt;
        this.store = store;
    }

    /** Loads the persisted subscriptions and replays the cursor log after their snapshots. */
    List<Recovered> recover() {
        List<SubscriptionStore.Stored> stored = store.loadAll();
        Map<Long, SubscriptionCheckpoint> checkpoints = new HashMap<>();
        Map<Long, Long> validTo = new HashMap<>();
        Map<Long, SubscriptionDefinition> definitions = new HashMap<>();
        Map<Long, Partition[]> partitionsOf = new HashMap<>();
        for (SubscriptionStore.Stored s : stored) {
            SubscriptionRecord r = s.subscription();
            Topic topic = rt.topics().topic(r.topic()).orElse(null);
            Partition[] partitions = topic == null ? null : SubscriptionManager.partitionsOf(rt, topic);
            SubscriptionDefinition def = definitionOf(r);
            if (partitions == null || def == null) {
                log.info("Deleting subscription {} ({}): its topic or selector is no longer valid", r.id(), r.key());
                store.delete(r.id());
                continue;
            }
            SubscriptionCheckpoint checkpoint = decode(s.snapshot(), partitions, def);
            checkpoints.put(r.id(), checkpoint);
            validTo.put(r.id(), s.snapshot() == null ? 0L : s.snapshot().validToOffset());
            definitions.put(r.id(), def);
            partitionsOf.put(r.id(), partitions);
        }
        long[] replayed = new long[1];
        rt.cursorLog().replay((offset, value) -> {
            try {
                long id = CursorOps.subscriptionIdOf(value);
                maxIdInLog = Math.max(maxIdInLog, id);
                SubscriptionCheckpoint checkpoint = checkpoints.get(id);
                if (checkpoint != null && offset >= validTo.get(id)) {
                    CursorOps.read(value, checkpoint);
                    replayed[0]++;
                }
            } catch (RuntimeException e) {
                log.error("Skipping a malformed cursor log record at offset {}: {}", offset, e.getMessage());
            }
        });
        List<Recovered> out = new ArrayList<>();
        for (Map.Entry<Long, SubscriptionDefinition> e : definitions.entrySet()) {
            long id = e.getKey();
            Subscription sub =
                    new Subscription(e.getValue(), rt, partitionsOf.get(id), checkpoints.get(id), validTo.get(id));
            out.add(new Recovered(sub, validTo.get(id)));
        }
        log.info(
                "Recovered {} subscriptions; replayed {} cursor log records from offset {}",
                definitions.size(),
                replayed[0],
                rt.cursorLog().startOffset());
        return out;
    }

    private SubscriptionCheckpoint decode(
            SubscriptionStore.Snapshot snapshot, Partition[] partitions, SubscriptionDefinition def) {
        if (snapshot != null) {
            try {
                SubscriptionCheckpoint c = SubscriptionCheckpoint.decode(Unpooled.wrappedBuffer(snapshot.state()));
                if (c.partitionCount() == partitions.length) {
                    return c;
                }
            } catch (RuntimeException e) {
                log.error("The snapshot of {} is unreadable; it restarts from the log start", def.describe(), e);
            }
        }
        long[] starts = new long[partitions.length];
        for (int p = 0; p < partitions.length; p++) {
            starts[p] = partitions[p].log().logStartOffset();
        }
        return new SubscriptionCheckpoint(starts);
    }

    private static SubscriptionDefinition definitionOf(SubscriptionRecord r) {
        try {
            return new SubscriptionDefinition(
                    r.id(),
                    SubscriptionType.valueOf(r.type()),
                    r.topic(),
                    r.clientId(),
                    r.name(),
                    Selector.parse(r.selector()),
                    r.noLocal(),
                    true);
        } catch (InvalidSelectorSyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The largest subscription id the replayed cursor log mentions (valid after {@link #recover}). */
    long maxIdInLog() {
        return maxIdInLog;
    }
}
