package io.sluice.broker.log;

/**
 * The partition log was closed (broker shutdown or partition deleted) while an operation was in
 * progress or before it started. Pending high-watermark waiters complete with this exception.
 */
public class LogClosedException extends RuntimeException {
    public LogClosedException(TopicPartition partition) {
        super("log of " + partition + " is closed");
    }
}
