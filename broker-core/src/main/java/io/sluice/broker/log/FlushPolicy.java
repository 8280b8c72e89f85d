package io.sluice.broker.log;

/**
 * When a partition log forces its appended bytes to stable storage (fsync), and therefore when an
 * append becomes durable and visible to readers. See docs/storage.md for the full promises.
 *
 * <table>
 *   <caption>What survives a crash</caption>
 *   <tr><th>policy</th><th>process crash (kill -9)</th><th>power loss / kernel crash</th></tr>
 *   <tr><td>ALWAYS</td><td>every appended batch</td><td>every batch whose append returned</td></tr>
 *   <tr><td>GROUP</td><td>every appended batch</td><td>every batch whose durable future completed</td></tr>
 *   <tr><td>OS</td><td>every appended batch</td><td>only segments rolled or closed before the loss</td></tr>
 * </table>
 */
public enum FlushPolicy {
    /**
     * fsync inside every append, before it returns. The append is durable (and the high watermark
     * covers it) when {@code append} returns. Throughput is one fsync per append.
     */
    ALWAYS,
    /**
     * Group commit (the default): a flusher thread fsyncs as soon as the previous fsync of the same
     * log has finished and something is unflushed, optionally after a short linger; every append
     * that arrived meanwhile shares that fsync. Durable futures complete after the fsync.
     */
    GROUP,
    /**
     * Leave writeback to the operating system; fsync only when a segment is rolled and when the log
     * is closed. An append counts as durable (and is visible) as soon as it is written. A power
     * loss can take back acknowledged appends of the active segment, and their offsets may then be
     * assigned to different records.
     */
    OS
}
