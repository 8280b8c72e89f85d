package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.selector.SelectorContext;

/**
 * What a selector sees of a stored record: the JMS headers and properties from its {@code jms}
 * record header, decoded only when a selector first asks for something the fixed-size part does
 * not hold (priority and delivery mode are read in place). A record without JMS metadata (written
 * by the native client) looks as the JMS layer presents it: PERSISTENT, priority 4, message id
 * {@code ID:<topic>-<partition>-<offset>}, no properties.
 *
 * <ul>
 *   <li>{@code JMSTimestamp}: the record timestamp, or 0 when the producer disabled timestamps;
 *   <li>{@code JMSXDeliveryCount}: the count the record's next delivery would carry, as known when
 *       the selector is evaluated (when the record enters the cursor window);
 *   <li>{@code JMSXGroupID} and every other property: from the metadata's properties.
 * </ul>
 *
 * <p>Not thread-safe: one instance is reused record after record by one subscription's executor.
 */
final class RecordSelectorContext implements SelectorContext {
    private final String topic;
    private int partition;
    private Record record;
    private ByteBuf encoded;
    private JmsMetadata metadata;
    private boolean decodeFailed;
    private int nextDeliveryCount;

    RecordSelectorContext(String topic) {
        this.topic = topic;
    }

    /** Points the context at a record; {@code encoded} is its {@code jms} header value or null. */
    RecordSelectorContext reset(int partition, Record record, ByteBuf encoded, int nextDeliveryCount) {
        this.partition = partition;
        this.record = record;
        this.encoded = encoded;
        this.metadata = null;
        this.decodeFailed = false;
        this.nextDeliveryCount = nextDeliveryCount;
        return this;
    }

    @Override
    public Object value(String identifier) {
        switch (identifier) {
            case "JMSDeliveryMode":
                return encoded == null || JmsMetadata.peekPersistent(encoded) ? PERSISTENT : NON_PERSISTENT;
            case "JMSPriority":
                return encoded == null ? JmsMetadata.DEFAULT_PRIORITY : JmsMetadata.peekPriority(encoded);
            case "JMSXDeliveryCount":
                return nextDeliveryCount;
            case "JMSTimestamp":
                JmsMetadata forTimestamp = metadata();
                return forTimestamp != null && forTimestamp.timestampDisabled() ? 0L : record.timestamp();
            case "JMSMessageID":
                if (encoded == null) {
                    return "ID:" + topic + "-" + partition + "-" + record.offset();
                }
                JmsMetadata forId = metadata();
                return forId == null ? null : forId.messageId();
            case "JMSCorrelationID":
                JmsMetadata forCorrelation = metadata();
                return forCorrelation == null ? null : forCorrelation.correlationId();
            case "JMSType":
                JmsMetadata forType = metadata();
                return forType == null ? null : forType.type();
            default:
                JmsMetadata m = metadata();
                return m == null ? null : m.property(identifier);
        }
    }

    /** The decoded metadata, or null when the record has none or it is malformed. */
    private JmsMetadata metadata() {
        if (metadata == null && encoded != null && !decodeFailed) {
            try {
                metadata = JmsMetadata.decode(encoded);
            } catch (RuntimeException e) {
                decodeFailed = true;
            }
        }
        return metadata;
    }
}
