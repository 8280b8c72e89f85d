package io.sluice.broker.log;

/**
 * A read asked for an offset outside {@code [logStartOffset, highWatermark]}. The exception carries
 * both bounds as they were when the read was refused, so a consumer can reposition.
 */
public class OffsetOutOfRangeException extends RuntimeException {
    private final long requestedOffset;
    private final long logStartOffset;
    private final long highWatermark;

    public OffsetOutOfRangeException(
            TopicPartition partition, long requestedOffset, long logStartOffset, long highWatermark) {
        super("offset " + requestedOffset + " is out of range for " + partition + ": readable offsets are ["
                + logStartOffset + ", " + highWatermark + "]");
        this.requestedOffset = requestedOffset;
        this.logStartOffset = logStartOffset;
        this.highWatermark = highWatermark;
    }

    public long requestedOffset() {
        return requestedOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }
}
