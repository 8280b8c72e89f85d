package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the batch of copies for a {@link MoveIntent}: each record keeps its timestamp, body type,
 * key, value and headers, and its JMS metadata gains properties saying where it came from and why
 * it moved:
 *
 * <pre>
 * JMS_Sluice_OriginalDestination   String  queue://name or topic://name
 * JMS_Sluice_OriginalSubscription  String  the subscription name (topic subscriptions that have one)
 * JMS_Sluice_OriginalPartition     int
 * JMS_Sluice_OriginalOffset        long
 * JMS_Sluice_DeliveryCount         int     deliveries before it moved
 * JMS_Sluice_DeadLetterReason      String  MAX_DELIVERIES, REJECTED or EXPIRED
 * JMS_Sluice_OriginalExpiration    long    expired records only; the copy never expires
 * </pre>
 *
 * A record without JMS metadata (native client) gets metadata with the defaults its consumers saw
 * (message id {@code ID:<topic>-<partition>-<offset>}) plus these properties.
 *
 * <p>Stateless; called on a subscription's executor.
 */
final class MovedCopies {
    static final String ORIGINAL_DESTINATION = "JMS_Sluice_OriginalDestination";
    static final String ORIGINAL_SUBSCRIPTION = "JMS_Sluice_OriginalSubscription";
    static final String ORIGINAL_PARTITION = "JMS_Sluice_OriginalPartition";
    static final String ORIGINAL_OFFSET = "JMS_Sluice_OriginalOffset";
    static final String DELIVERY_COUNT = "JMS_Sluice_DeliveryCount";
    static final String REASON = "JMS_Sluice_DeadLetterReason";
    static final String ORIGINAL_EXPIRATION = "JMS_Sluice_OriginalExpiration";

    /** The properties a move to a dead-letter or expiry queue adds; a redrive removes them. */
    static final List<String> DEAD_LETTER_PROPERTIES = List.of(
            ORIGINAL_DESTINATION,
            ORIGINAL_SUBSCRIPTION,
            ORIGINAL_PARTITION,
            ORIGINAL_OFFSET,
            DELIVERY_COUNT,
            REASON,
            ORIGINAL_EXPIRATION);

    private MovedCopies() {}

    /**
     * The copies of the intent's records that still exist, as one batch of the intent's producer
     * identity, or null if retention deleted them all. The caller releases the batch.
     */
    static ByteBuf build(Subscription sub, MoveIntent intent) {
        List<MoveIntent.Entry> entries = intent.entries();
        ByteBuf[] copies = new ByteBuf[entries.size()];
        Record[] records = new Record[entries.size()];
        ByteBuf[] raws = new ByteBuf[entries.size()];
        try {
            for (int p = 0; p < sub.cursors.length; p++) {
                fetch(sub, p, entries, records, raws);
            }
            RecordBatchBuilder builder = new RecordBatchBuilder(
                    ByteBufAllocator.DEFAULT,
                    1024,
                    intent.producerId(),
                    intent.producerEpoch(),
                    intent.baseSequence(),
                    0);
            try {
                for (int i = 0; i < entries.size(); i++) {
                    if (records[i] != null) {
                        append(builder, sub, entries.get(i), records[i]);
                    }
                }
                if (builder.isEmpty()) {
                    builder.release();
                    return null;
                }
                return builder.build();
            } catch (RuntimeException e) {
                builder.release();
                throw e;
            }
        } finally {
            for (ByteBuf raw : raws) {
                if (raw != null) {
                    raw.release();
                }
            }
            Arrays.fill(copies, null);
        }
    }

    private static void fetch(
            Subscription sub, int partition, List<MoveIntent.Entry> entries, Record[] records, ByteBuf[] raws) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).partition() == partition) {
                indexes.add(i);
            }
        }
        if (indexes.isEmpty()) {
            return;
        }
        indexes.sort(
                (a, b) -> Long.compare(entries.get(a).offset(), entries.get(b).offset()));
        long[] offsets = new long[indexes.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = entries.get(indexes.get(i)).offset();
        }
        sub.fetcher.fetch(
                sub.partitions[partition].log(), partition, offsets, offsets.length, new RecordFetcher.Sink() {
                    @Override
                    public void found(int index, long base, long ts, Record record, ByteBuf raw) {
                        int i = indexes.get(index);
                        records[i] = record;
                        raws[i] = raw;
                    }

                    @Override
                    public void lost(int index) {}
                });
    }

    private static void append(RecordBatchBuilder builder, Subscription sub, MoveIntent.Entry entry, Record r) {
        ByteBuf encoded = r.header(JmsMetadata.HEADER_KEY);
        if (entry.reason() == MoveReason.MOVED) {
            builder.append(r.timestamp(), r.attributes(), r.key(), r.value(), r.headers());
            return;
        }
        if (entry.reason() == MoveReason.REDRIVEN) {
            appendRedriven(builder, r, encoded);
            return;
        }
        JmsMetadata metadata = null;
        if (encoded != null) {
            try {
                metadata = JmsMetadata.decode(encoded);
            } catch (RuntimeException e) {
                metadata = null; // malformed: replaced by defaults, the original bytes stay in the value
            }
        }
        if (metadata == null) {
            metadata =
                    new JmsMetadata().messageId("ID:" + sub.def.topic() + "-" + entry.partition() + "-" + r.offset());
        }
        SubscriptionDefinition def = sub.def;
        metadata.property(
                ORIGINAL_DESTINATION, (def.type() == SubscriptionType.QUEUE ? "queue://" : "topic://") + def.topic());
        if (def.name() != null) {
            metadata.property(ORIGINAL_SUBSCRIPTION, def.name());
        }
        metadata.property(ORIGINAL_PARTITION, entry.partition());
        metadata.property(ORIGINAL_OFFSET, r.offset());
        metadata.property(DELIVERY_COUNT, deliveryCount(sub, entry));
        metadata.property(REASON, entry.reason().label());
        if (entry.reason() == MoveReason.EXPIRED) {
            metadata.property(ORIGINAL_EXPIRATION, metadata.expiration());
            metadata.expiration(0);
        }
        ByteBuf jms = Unpooled.buffer(128);
        metadata.encode(jms);
        List<Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!h.key().equals(JmsMetadata.HEADER_KEY)) {
                headers.add(h);
            }
        }
        headers.add(new Header(JmsMetadata.HEADER_KEY, jms));
        builder.append(r.timestamp(), r.attributes(), r.key(), r.value(), headers);
    }

    /** The copy going back to its original destination: the dead-letter properties are removed. */
    private static void appendRedriven(RecordBatchBuilder builder, Record r, ByteBuf encoded) {
        if (encoded == null) {
            builder.append(r.timestamp(), r.attributes(), r.key(), r.value(), r.headers());
            return;
        }
        JmsMetadata metadata = JmsMetadata.decode(encoded);
        for (String name : DEAD_LETTER_PROPERTIES) {
            metadata.property(name, null);
        }
        ByteBuf jms = Unpooled.buffer(128);
        metadata.encode(jms);
        List<Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!h.key().equals(JmsMetadata.HEADER_KEY)) {
                headers.add(h);
            }
        }
        headers.add(new Header(JmsMetadata.HEADER_KEY, jms));
        builder.append(r.timestamp(), r.attributes(), r.key(), r.value(), headers);
    }

    private static int deliveryCount(Subscription sub, MoveIntent.Entry entry) {
        PartitionCursor cursor = sub.cursors[entry.partition()];
        int slot = cursor.slotOf(entry.offset());
        return slot >= 0 ? cursor.deliveryCount(slot) : cursor.recoveredDeliveryCount(entry.offset());
    }
}
