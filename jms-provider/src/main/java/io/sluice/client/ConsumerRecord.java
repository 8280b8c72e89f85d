package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * A record read from a partition, with key, value and headers copied out of the network buffer, so
 * it stays valid for as long as the caller keeps it.
 *
 * <p>Immutable as long as callers do not modify the arrays; thread-safe under that condition.
 *
 * @param timestamp epoch milliseconds
 * @param attributes the record attribute byte (bits 0-3: JMS body type)
 * @param key the key, or {@code null}
 * @param value the value, or {@code null}
 */
public record ConsumerRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        byte attributes,
        byte[] key,
        byte[] value,
        List<RecordHeader> headers) {

    /**
     * Copies a record read in place from a batch. Decoders of pushed frames use this to turn
     * records into values that outlive the frame.
     */
    public static ConsumerRecord copyOf(String topic, int partition, Record record) {
        List<Header> source = record.headers();
        List<RecordHeader> headers = new ArrayList<>(source.size());
        for (Header h : source) {
            headers.add(new RecordHeader(h.key(), h.valueBytes()));
        }
        return new ConsumerRecord(
                topic,
                partition,
                record.offset(),
                record.timestamp(),
                record.attributes(),
                bytes(record.key()),
                bytes(record.value()),
                List.copyOf(headers));
    }

    private static byte[] bytes(ByteBuf buf) {
        return buf == null ? null : ByteBufUtil.getBytes(buf);
    }

    /** The value of the first header named {@code key}, or {@code null}. */
    public byte[] header(String key) {
        for (RecordHeader h : headers) {
            if (h.key().equals(key)) {
                return h.value();
            }
        }
        return null;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return "ConsumerRecord(" + topic + "-" + partition + "@" + offset + ", key="
                + (key == null ? "null" : key.length + "B") + ", value=" + (value == null ? "null" : value.length + "B")
                + ", headers=" + headers.size() + ")";
    }
}
