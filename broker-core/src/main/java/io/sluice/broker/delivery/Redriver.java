package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.broker.topic.Topic;
import io.sluice.broker.topic.TopicType;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends dead-lettered messages of a queue back where they came from (REDRIVE_MESSAGES): each
 * message's {@code JMS_Sluice_OriginalDestination} property ({@code queue://name} or {@code
 * topic://name}) names its target; the {@link MessageMover} moves it there (crash-safe) with the
 * dead-letter properties removed ({@link MoveReason#REDRIVEN}). A message without the property,
 * or whose destination no longer exists or changed type, is skipped with the reason.
 *
 * <p>Stateless; runs on the subscription's executor.
 */
final class Redriver {
    private Redriver() {}

    /**
     * @param refs the messages to redrive, or null for the available ones from the start
     * @param max most messages to take when {@code refs} is null
     */
    static void redrive(Subscription sub, List<MessageRef> refs, int max, AdminMove ticket) {
        List<MessageRef> candidates = new ArrayList<>();
        boolean more = false;
        if (refs != null) {
            for (MessageRef ref : refs) {
                String problem = SubscriptionAdmin.checkRef(sub, ref);
                if (problem != null) {
                    ticket.skip(problem);
                } else {
                    candidates.add(ref);
                }
            }
        } else {
            collect(sub, max + 1, candidates);
            if (candidates.size() > max) {
                more = true;
                candidates = new ArrayList<>(candidates.subList(0, max));
            }
        }
        for (int p = 0; p < sub.cursors.length; p++) {
            redrivePartition(sub, p, candidates, ticket);
        }
        ticket.seal(more);
    }

    /** The available records, window first then those not read yet, up to {@code limit}. */
    private static void collect(Subscription sub, int limit, List<MessageRef> out) {
        for (int p = 0; p < sub.cursors.length && out.size() < limit; p++) {
            PartitionCursor c = sub.cursors[p];
            for (int s = c.headSlot(); s < c.tailSlot() && out.size() < limit; s++) {
                byte state = c.state(s);
                if (state == PartitionCursor.AVAILABLE || state == PartitionCursor.DELAYED) {
                    out.add(new MessageRef(p, c.offset(s)));
                }
            }
            long hw = sub.partitions[p].log().highWatermark();
            long o = c.readOffset();
            while (out.size() < limit) {
                o = c.skipRecoveredAcked(o);
                if (o >= hw) {
                    break;
                }
                if (!sub.holds.isHeld(p, o)) {
                    out.add(new MessageRef(p, o));
                }
                o++;
            }
        }
    }

    private static void redrivePartition(Subscription sub, int p, List<MessageRef> candidates, AdminMove ticket) {
        List<MessageRef> mine = new ArrayList<>();
        for (MessageRef ref : candidates) {
            if (ref.partition() == p) {
                mine.add(ref);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        mine.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        long[] offsets = new long[mine.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = mine.get(i).offset();
        }
        sub.fetcher.fetch(sub.partitions[p].log(), p, offsets, offsets.length, new RecordFetcher.Sink() {
            @Override
            public void found(int index, long base, long ts, Record record, ByteBuf raw) {
                String target;
                try {
                    target = originalDestination(sub, record);
                } finally {
                    raw.release();
                }
                MessageRef ref = mine.get(index);
                if (target.startsWith("!")) {
                    ticket.skip("offset " + ref.offset() + " of partition " + p + ": " + target.substring(1));
                } else {
                    SubscriptionAdmin.enqueue(sub, ref, target, MoveReason.REDRIVEN, ticket);
                }
            }

            @Override
            public void lost(int index) {
                ticket.skip("offset " + mine.get(index).offset() + " of partition " + p + " no longer exists");
            }
        });
    }

    /** The name of the record's original destination, or a reason prefixed with '!'. */
    private static String originalDestination(Subscription sub, Record record) {
        ByteBuf jms = MessageInspector.jmsHeader(record);
        if (jms == null) {
            return "!it has no JMS metadata, so no original destination";
        }
        Object value;
        try {
            value = JmsMetadata.decode(jms).property(MovedCopies.ORIGINAL_DESTINATION);
        } catch (RuntimeException e) {
            return "!its JMS metadata is malformed";
        }
        if (!(value instanceof String original)) {
            return "!it has no " + MovedCopies.ORIGINAL_DESTINATION + " property";
        }
        TopicType wanted;
        String name;
        if (original.startsWith("queue://")) {
            wanted = TopicType.QUEUE;
            name = original.substring("queue://".length());
        } else if (original.startsWith("topic://")) {
            wanted = TopicType.TOPIC;
            name = original.substring("topic://".length());
        } else {
            return "!its original destination '" + original + "' is not queue://name or topic://name";
        }
        Topic topic = sub.rt.topics().topic(name).orElse(null);
        if (topic == null) {
            return "!its original destination '" + original + "' no longer exists";
        }
        if (topic.config().type() != wanted) {
            return "!its original destination '" + original + "' is now a "
                    + topic.config().type().configValue();
        }
        if (name.equals(sub.def.topic())) {
            return "!it came from this queue";
        }
        return name;
    }
}
