package io.sluice.jms.message;

import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.util.List;
import java.util.Objects;

/**
 * A message as the parts of one record, ready to be appended to a batch: what {@link
 * MessageCodec#encode} produces. The arrays are owned by this object and not copied.
 *
 * <p>Immutable by convention (nobody changes the arrays) and then thread-safe.
 *
 * @param timestampMs the record timestamp: JMSTimestamp, or the send time when timestamps are
 *     disabled
 * @param attributes the record attributes (the body type in bits 0-3)
 * @param key the JMSXGroupID as UTF-8, or null
 * @param value the body, or null
 * @param headers the record headers: the JMS metadata under {@code jms}
 */
public record EncodedMessage(long timestampMs, byte attributes, byte[] key, byte[] value, List<Header> headers) {
    public EncodedMessage {
        Objects.requireNonNull(headers, "headers");
        headers = List.copyOf(headers);
    }

    /**
     * Appends this record to a batch.
     *
     * @return the record's offset delta within the batch
     */
    public int appendTo(RecordBatchBuilder batch) {
        return batch.append(
                timestampMs,
                attributes,
                key == null ? null : Unpooled.wrappedBuffer(key),
                value == null ? null : Unpooled.wrappedBuffer(value),
                headers);
    }

    /** Key, value and header bytes: a lower bound of the record's size in a batch. */
    public int payloadBytes() {
        int bytes = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().readableBytes());
        }
        return bytes;
    }
}
