package io.sluice.client;

import io.sluice.protocol.api.Durability;
import java.util.List;
import java.util.Objects;

/**
 * A record to send. Key, value and header values are copied into the batch when {@link
 * RecordProducer#send} is called, so the arrays may be reused afterwards.
 *
 * <p>Immutable as long as callers do not modify the arrays; thread-safe under that condition.
 *
 * @param partition the partition, or {@code null} to let the producer choose: by key hash when there
 *     is a key, otherwise sticky per batch
 * @param key the key, or {@code null}
 * @param value the value, or {@code null}
 * @param headers the headers, never {@code null}
 * @param attributes the record attribute byte; bits 0-3 are the JMS body type (0 for plain data)
 * @param durability when the broker answers, or {@code null} for the producer's default
 * @param timestamp epoch milliseconds, or {@code null} for the time of {@code send}
 */
public record ProducerRecord(
        String topic,
        Integer partition,
        byte[] key,
        byte[] value,
        List<RecordHeader> headers,
        byte attributes,
        Durability durability,
        Long timestamp) {

    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, was " + timestamp);
        }
    }

    /** A record with a value only. */
    public static ProducerRecord of(String topic, byte[] value) {
        return new ProducerRecord(topic, null, null, value, List.of(), (byte) 0, null, null);
    }

    /** A record with a key and a value; the key picks the partition. */
    public static ProducerRecord of(String topic, byte[] key, byte[] value) {
        return new ProducerRecord(topic, null, key, value, List.of(), (byte) 0, null, null);
    }

    /** A record for a given partition. */
    public static ProducerRecord of(String topic, int partition, byte[] key, byte[] value) {
        return new ProducerRecord(topic, partition, key, value, List.of(), (byte) 0, null, null);
    }

    public ProducerRecord withDurability(Durability durability) {
        return new ProducerRecord(topic, partition, key, value, headers, attributes, durability, timestamp);
    }

    public ProducerRecord withHeaders(List<RecordHeader> headers) {
        return new ProducerRecord(topic, partition, key, value, headers, attributes, durability, timestamp);
    }

    public ProducerRecord withAttributes(byte attributes) {
        return new ProducerRecord(topic, partition, key, value, headers, attributes, durability, timestamp);
    }

    public ProducerRecord withTimestamp(long timestamp) {
        return new ProducerRecord(topic, partition, key, value, headers, attributes, durability, timestamp);
    }

    @Override
    public String toString() {
        return "ProducerRecord(" + topic + (partition == null ? "" : "-" + partition) + ", key="
                + (key == null ? "null" : key.length + "B") + ", value=" + (value == null ? "null" : value.length + "B")
                + ", headers=" + headers.size() + ", durability=" + durability + ")";
    }
}
