package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.log.LogReadResult;
import io.sluice.broker.log.PartitionLog;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.InspectMessagesResponse.State;
import io.sluice.protocol.api.ListSubscriptionsResponse;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * What operators see of a subscription and do to it: its state (backlog, in flight, oldest
 * unacknowledged message, consumers), a page of its unacknowledged messages, purging, deleting
 * messages (acknowledging them) and moving them to another destination through the {@link
 * MessageMover}.
 *
 * <p>A message is addressed by partition and offset. Within the window its state is the cursor's;
 * beyond it (not read yet) it is available unless recovery recorded it as acknowledged, and a move
 * holds it ({@link AdminHolds}) so read-ahead cannot hand it to a consumer meanwhile. Messages a
 * consumer holds, or that are being moved, are left alone.
 *
 * <p>Stateless; every method runs on the subscription's executor ({@link Subscription#onActor}).
 */
final class SubscriptionAdmin {
    private SubscriptionAdmin() {}

    // ---- state ----

    static ListSubscriptionsResponse.SubscriptionInfo info(Subscription sub) {
        long backlog = 0;
        long oldest = -1;
        for (int p = 0; p < sub.cursors.length; p++) {
            PartitionCursor c = sub.cursors[p];
            PartitionLog log = sub.partitions[p].log();
            long hw = log.highWatermark();
            backlog += c.liveCount() + c.unreadBacklog(c.readOffset(), hw);
            long first = firstUnacked(c, hw);
            if (first >= 0) {
                long ts = timestampAt(log, first, sub.rt.config().readBytes());
                if (ts >= 0 && (oldest < 0 || ts < oldest)) {
                    oldest = ts;
                }
            }
        }
        List<ListSubscriptionsResponse.ConsumerInfo> consumers = new ArrayList<>();
        for (Consumer c : sub.consumers) {
            consumers.add(new ListSubscriptionsResponse.ConsumerInfo(
                    c.session.connectionId(), c.consumerId, c.credit, textOf(c.selector)));
        }
        SubscriptionDefinition def = sub.def;
        return new ListSubscriptionsResponse.SubscriptionInfo(
                def.id(),
                def.type(),
                def.topic(),
                def.clientId(),
                def.name(),
                textOf(def.selector()),
                def.noLocal(),
                def.persistent(),
                backlog,
                sub.acquired,
                oldest,
                consumers);
    }

    /** Records not acknowledged, summed over the partitions. */
    static long backlog(Subscription sub) {
        long backlog = 0;
        for (int p = 0; p < sub.cursors.length; p++) {
            PartitionCursor c = sub.cursors[p];
            backlog += c.liveCount()
                    + c.unreadBacklog(c.readOffset(), sub.partitions[p].log().highWatermark());
        }
        return backlog;
    }

    private static String textOf(Selector selector) {
        return selector == null || selector.text().isEmpty() ? null : selector.text();
    }

    private static long firstUnacked(PartitionCursor c, long hw) {
        for (int s = c.headSlot(); s < c.tailSlot(); s++) {
            if (c.state(s) != PartitionCursor.FREE) {
                return c.offset(s);
            }
        }
        long o = c.skipRecoveredAcked(c.readOffset());
        return o < hw ? o : -1;
    }

    /** The timestamp of the record at {@code offset}, or -1 if it cannot be read. */
    private static long timestampAt(PartitionLog log, long offset, int readBytes) {
        try (LogReadResult read = log.read(offset, readBytes)) {
            ByteBuf in = read.records().duplicate();
            while (in.isReadable()) {
                RecordBatch batch = RecordBatch.readFrom(in, Integer.MAX_VALUE);
                if (batch.lastOffset() < offset) {
                    continue;
                }
                for (Record r : batch) {
                    if (r.offset() >= offset) {
                        return r.timestamp();
                    }
                }
            }
            return -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ---- inspecting ----

    static InspectPage inspect(Subscription sub, InspectMessagesRequest request, Selector selector) {
        int n = sub.cursors.length;
        PartitionLog[] logs = new PartitionLog[n];
        long[] starts = new long[n];
        for (int p = 0; p < n; p++) {
            logs[p] = sub.partitions[p].log();
            starts[p] = sub.cursors[p].startOffset();
        }
        RecordSelectorContext context = new RecordSelectorContext(sub.def.topic());
        Selector own = sub.def.selector();
        MessageInspector.Filter filter = (p, r, batch, now) -> {
            MessageInspector.Seen seen = stateOf(sub, p, r, now);
            if (seen != null && !own.isMatchAll() && r.offset() >= sub.cursors[p].readOffset()) {
                try {
                    if (!own.matches(context.reset(p, r, MessageInspector.jmsHeader(r), seen.deliveryCount() + 1))) {
                        return null; // read-ahead will skip it for this subscription
                    }
                } catch (RuntimeException e) {
                    return null;
                }
            }
            return seen;
        };
        return MessageInspector.page(
                sub.def.topic(),
                logs,
                starts,
                request,
                selector,
                filter,
                4L * sub.rt.config().readBytes(),
                sub.rt.config().readBytes(),
                sub.rt.clock().millis());
    }

    private static MessageInspector.Seen stateOf(Subscription sub, int p, Record r, long now) {
        PartitionCursor c = sub.cursors[p];
        long o = r.offset();
        if (o < c.startOffset()) {
            return null;
        }
        if (o < c.readOffset()) {
            int slot = c.slotOf(o);
            if (slot < 0) {
                return null;
            }
            State state =
                    switch (c.state(slot)) {
                        case PartitionCursor.AVAILABLE -> State.AVAILABLE;
                        case PartitionCursor.DELAYED -> State.DELAYED;
                        case PartitionCursor.ACQUIRED -> State.IN_DELIVERY;
                        case PartitionCursor.MOVING -> State.MOVING;
                        default -> null;
                    };
            return state == null ? null : new MessageInspector.Seen(state, c.deliveryCount(slot));
        }
        if (c.isRecoveredAcked(o)) {
            return null;
        }
        int count = c.recoveredDeliveryCount(o);
        if (sub.holds.isHeld(p, o)) {
            return new MessageInspector.Seen(State.MOVING, count);
        }
        State state = State.AVAILABLE;
        ByteBuf jms = MessageInspector.jmsHeader(r);
        if (jms != null) {
            try {
                if (JmsMetadata.peekDeliveryTime(jms) > now) {
                    state = State.DELAYED;
                }
            } catch (RuntimeException e) {
                // malformed metadata: shown as available; a consumer would get it as an error
            }
        }
        return new MessageInspector.Seen(state, count);
    }

    // ---- purging and deleting ----

    /** Acknowledges every record no consumer holds and nobody is moving; returns how many. */
    static long purge(Subscription sub) {
        long purged = 0;
        for (int p = 0; p < sub.cursors.length; p++) {
            PartitionCursor c = sub.cursors[p];
            for (int s = c.headSlot(); s < c.tailSlot(); s++) {
                byte state = c.state(s);
                if (state == PartitionCursor.AVAILABLE || state == PartitionCursor.DELAYED) {
                    c.settle(s);
                    purged++;
                }
            }
            long hw = sub.partitions[p].log().highWatermark();
            long from = c.readOffset();
            while (from < hw) {
                long held = sub.holds.nextHeld(p, from);
                long to = Math.min(hw, held);
                if (to > from) {
                    purged += c.unreadBacklog(from, to);
                    c.ackUnread(from, to - 1);
                }
                from = to + 1;
            }
            c.skipTo(c.skipRecoveredAcked(c.readOffset()));
        }
        return purged;
    }

    /** Acknowledges the named records; returns {deleted, skipped} and the first reason to skip. */
    static Outcome delete(Subscription sub, List<MessageRef> refs) {
        Outcome outcome = new Outcome();
        for (MessageRef ref : refs) {
            String problem = checkRef(sub, ref);
            if (problem != null) {
                outcome.skip(problem);
                continue;
            }
            PartitionCursor c = sub.cursors[ref.partition()];
            long o = ref.offset();
            if (o < c.readOffset()) {
                c.settle(c.slotOf(o));
            } else {
                c.ackOutsideWindow(o);
            }
            outcome.affected++;
        }
        return outcome;
    }

    /**
     * Starts moving the named records to {@code target}: window records become MOVING, records
     * not read yet are held; the mover copies and then acknowledges them.
     */
    static void move(Subscription sub, List<MessageRef> refs, String target, MoveReason reason, AdminMove ticket) {
        for (MessageRef ref : refs) {
            String problem = checkRef(sub, ref);
            if (problem != null) {
                ticket.skip(problem);
                continue;
            }
            enqueue(sub, ref, target, reason, ticket);
        }
    }

    static void enqueue(Subscription sub, MessageRef ref, String target, MoveReason reason, AdminMove ticket) {
        PartitionCursor c = sub.cursors[ref.partition()];
        long o = ref.offset();
        if (o < c.readOffset()) {
            c.startMoving(c.slotOf(o));
            sub.mover.enqueue(ref.partition(), o, reason, target, ticket, false);
        } else {
            sub.holds.hold(ref.partition(), o);
            sub.mover.enqueue(ref.partition(), o, reason, target, ticket, true);
        }
    }

    /** Null if the record may be deleted or moved now, else why not. */
    static String checkRef(Subscription sub, MessageRef ref) {
        int p = ref.partition();
        long o = ref.offset();
        String where = "offset " + o + " of partition " + p;
        if (p < 0 || p >= sub.cursors.length) {
            return "partition " + p + " does not exist";
        }
        PartitionCursor c = sub.cursors[p];
        if (o < c.startOffset() || o < sub.partitions[p].log().logStartOffset()) {
            return where + " is already acknowledged or deleted";
        }
        if (o < c.readOffset()) {
            int slot = c.slotOf(o);
            if (slot < 0) {
                return where + " is already acknowledged";
            }
            byte state = c.state(slot);
            if (state == PartitionCursor.ACQUIRED) {
                return where + " is held by a consumer";
            }
            if (state == PartitionCursor.MOVING) {
                return where + " is being moved";
            }
            return state == PartitionCursor.AVAILABLE || state == PartitionCursor.DELAYED
                    ? null
                    : where + " is already acknowledged";
        }
        if (o >= sub.partitions[p].log().highWatermark()) {
            return where + " is beyond the end of the log";
        }
        if (c.isRecoveredAcked(o)) {
            return where + " is already acknowledged";
        }
        return sub.holds.isHeld(p, o) ? where + " is being moved" : null;
    }

    /** Counts of a delete. */
    static final class Outcome {
        int affected;
        int skipped;
        String detail;

        void skip(String why) {
            skipped++;
            if (detail == null) {
                detail = why;
            }
        }
    }
}
