package io.sluice.jms.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.jms.destination.SluiceQueue;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import jakarta.jms.JMSException;
import java.util.Iterator;
import java.util.List;

/** Builds real record batches so tests go through the same bytes a broker would store. */
final class CodecFixtures {
    static final SluiceQueue QUEUE = new SluiceQueue("orders");
    static final long NOW_MS = 1_700_000_000_000L;

    private CodecFixtures() {}

    /** Encodes, writes into a batch, reads the record back and decodes it as a first delivery. */
    static SluiceMessage roundTrip(SluiceMessage message) throws JMSException {
        return roundTrip(new MessageCodec(), message, DeliveryInfo.of(QUEUE, 0, 1));
    }

    static SluiceMessage roundTrip(MessageCodec codec, SluiceMessage message, DeliveryInfo delivery)
            throws JMSException {
        EncodedMessage encoded = codec.encode(message, NOW_MS);
        RecordBatchBuilder builder = RecordBatchBuilder.plain(ByteBufAllocator.DEFAULT, 256);
        encoded.appendTo(builder);
        ByteBuf batch = builder.build();
        try {
            return codec.decode(onlyRecord(batch), delivery);
        } finally {
            batch.release();
        }
    }

    /** A record with exactly these parts, read back from a real batch (caller releases the batch). */
    static Record record(
            ByteBuf[] holder, long timestamp, byte attributes, byte[] key, byte[] value, List<Header> headers) {
        RecordBatchBuilder builder = RecordBatchBuilder.plain(ByteBufAllocator.DEFAULT, 256);
        builder.append(
                timestamp,
                attributes,
                key == null ? null : Unpooled.wrappedBuffer(key),
                value == null ? null : Unpooled.wrappedBuffer(value),
                headers);
        holder[0] = builder.build();
        return onlyRecord(holder[0]);
    }

    static Record onlyRecord(ByteBuf batch) {
        RecordBatch b = RecordBatch.wrap(batch).ensureValid();
        Iterator<Record> it = b.iterator();
        Record r = it.next();
        if (it.hasNext()) {
            throw new AssertionError("more than one record");
        }
        return r;
    }
}
