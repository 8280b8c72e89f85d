package io.sluice.bench.measure;

import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.driver.Payloads;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The live counters of one workload run: messages and bytes acknowledged to producers and
 * received by consumers, failures, and two latency recorders - end-to-end (intended send time to
 * receipt, see {@link io.sluice.bench.driver.Payloads}) and publish (send call to acknowledgement).
 *
 * <p>Thread-safe: producers' callbacks and consumers record concurrently; the runner reads.
 */
public final class WorkloadStats implements MessageSink {
    private final NanoClock clock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder consumerFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final Recorder endToEnd = new Recorder(3);
    private final Recorder publish = new Recorder(3);
    // Set once by whichever thread fails first; read by the runner to explain a failed run.
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    // First and last receipt (nanoTime), so a drain is timed from its first message to its last.
    private final AtomicLong firstReceiveNanos = new AtomicLong(Long.MIN_VALUE);
    private final LongAccumulator lastReceiveNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);
    // Flipped by the runner between phases; read by every consumer thread.
    private volatile boolean recordingEndToEnd = true;

    public WorkloadStats(NanoClock clock) {
        this.clock = clock;
    }

    /** Counts one acknowledged send that took {@code publishNanos} from send call to ack. */
    public void onSent(int bytes, long publishNanos) {
        sent.increment();
        sentBytes.add(bytes);
        publish.recordValue(Math.max(0, publishNanos));
    }

    /** Counts one failed send and keeps the first cause. */
    public void onSendFailed(Throwable cause) {
        sendFailures.increment();
        firstFailure.compareAndSet(null, cause);
    }

    /** Counts a consumer failure and keeps it if it is the first failure. */
    @Override
    public void onConsumerFailure(Throwable cause) {
        consumerFailures.increment();
        firstFailure.compareAndSet(null, cause);
    }

    /** Keeps a failure that happened outside a send or a consumer. */
    public void onFailure(Throwable cause) {
        firstFailure.compareAndSet(null, cause);
    }

    @Override
    public void onMessage(byte[] payload) {
        long stamp = Payloads.stampOf(payload);
        long now = clock.nanoTime();
        received.increment();
        receivedBytes.add(payload.length);
        if (firstReceiveNanos.get() == Long.MIN_VALUE) {
            firstReceiveNanos.compareAndSet(Long.MIN_VALUE, now);
        }
        lastReceiveNanos.accumulate(now);
        if (recordingEndToEnd) {
            endToEnd.recordValue(Math.max(0, now - stamp));
        }
    }

    /** Whether consumers record end-to-end latency (off while draining a pre-filled backlog). */
    public void recordEndToEnd(boolean on) {
        recordingEndToEnd = on;
    }

    public Recorder endToEndRecorder() {
        return endToEnd;
    }

    public Recorder publishRecorder() {
        return publish;
    }

    /** A consistent-enough snapshot of the counters (each counter is read once). */
    public Counters counters() {
        return new Counters(
                sent.sum(),
                sentBytes.sum(),
                sendFailures.sum() + consumerFailures.sum(),
                received.sum(),
                receivedBytes.sum());
    }

    /** When the first message was received (nanoTime), or {@code Long.MIN_VALUE} if none was. */
    public long firstReceiveNanos() {
        return firstReceiveNanos.get();
    }

    /** When the latest message was received (nanoTime), or {@code Long.MIN_VALUE} if none was. */
    public long lastReceiveNanos() {
        return lastReceiveNanos.get();
    }

    public Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Counter values at one moment; subtract two to get a window's counts. */
    public record Counters(long sent, long sentBytes, long failures, long received, long receivedBytes) {
        public Counters minus(Counters earlier) {
            return new Counters(
                    sent - earlier.sent,
                    sentBytes - earlier.sentBytes,
                    failures - earlier.failures,
                    received - earlier.received,
                    receivedBytes - earlier.receivedBytes);
        }
    }
}
