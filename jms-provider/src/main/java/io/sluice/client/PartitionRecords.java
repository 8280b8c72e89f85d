package io.sluice.client;

import io.sluice.protocol.error.ErrorCode;
import java.util.List;

/**
 * What a fetch returned for one partition: records from the requested offset on (records of the
 * first batch that lie before it are skipped), or the error the broker reported.
 *
 * <p>Immutable; thread-safe.
 *
 * @param errorMessage the broker's message, or {@code null}
 * @param highWatermark offset after the last readable record
 * @param records the records in offset order; empty on error
 * @param nextOffset where the next fetch of this partition should start
 */
public record PartitionRecords(
        TopicPartition topicPartition,
        ErrorCode error,
        String errorMessage,
        long highWatermark,
        long logStartOffset,
        List<ConsumerRecord> records,
        long nextOffset) {

    public boolean hasError() {
        return error != ErrorCode.NONE;
    }

    /**
     * The partition's error as an exception.
     *
     * @throws IllegalStateException if the partition has no error
     */
    public SluiceClientException exception() {
        if (!hasError()) {
            throw new IllegalStateException(topicPartition + " has no error");
        }
        return ClientErrors.fromBroker("FETCH of " + topicPartition, error, errorMessage);
    }
}
