package io.sluice.broker.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker-wide budget for produce data in flight: bytes of PRODUCE frames read from connections
 * and not yet answered (being validated, appended, waiting for durability). Each connection has a
 * budget of its own besides, kept by its handler. What happens at the limit is the {@link Policy}:
 *
 * <pre>
 *   BLOCK  the connection stops reading (TCP back-pressure reaches the producer) until enough
 *          produce data has been answered, here or on its own connection
 *   FAIL   the request is answered RESOURCE_LIMIT_EXCEEDED at once (retriable) and not processed
 * </pre>
 *
 * A frame is always admitted when nothing is in flight, so a frame larger than a budget is
 * processed alone rather than refused forever. Under BLOCK a connection is paused after the frame
 * that reaches a limit, so usage stays below the limit plus one frame per connection that was
 * reading at that moment.
 *
 * <p>Thread-safe.
 */
public final class ProduceMemory {
    /** What to do with a producer that outruns the broker. */
    public enum Policy {
        BLOCK,
        FAIL
    }

    private final long limitBytes;
    private final long connectionLimitBytes;
    private final Policy policy;
    /** Bytes of produce frames in flight on all connections. */
    private final AtomicLong usedBytes = new AtomicLong();
    /** The most ever in flight at once (tests and diagnostics). */
    private final AtomicLong peakBytes = new AtomicLong();
    /** Connections paused for the broker-wide budget; each resumes (or re-registers) when woken. */
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public ProduceMemory(long limitBytes, long connectionLimitBytes, Policy policy) {
        this.limitBytes = limitBytes;
        this.connectionLimitBytes = connectionLimitBytes;
        this.policy = policy;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long connectionLimitBytes() {
        return connectionLimitBytes;
    }

    public Policy policy() {
        return policy;
    }

    /** Bytes of produce data in flight now, broker-wide. */
    public long usedBytes() {
        return usedBytes.get();
    }

    /** The most produce data that was ever in flight at once, broker-wide. */
    public long peakBytes() {
        return peakBytes.get();
    }

    /** Counts {@code bytes} whatever the budget says (BLOCK: the frame is already read). */
    void charge(long bytes) {
        peakBytes.accumulateAndGet(usedBytes.addAndGet(bytes), Math::max);
    }

    /** Counts {@code bytes} if they fit the broker-wide budget (or nothing is in flight); FAIL. */
    boolean tryCharge(long bytes) {
        while (true) {
            long used = usedBytes.get();
            if (used > 0 && used + bytes > limitBytes) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                peakBytes.accumulateAndGet(used + bytes, Math::max);
                return true;
            }
        }
    }

    /** Gives {@code bytes} back; wakes paused connections once the budget has room again. */
    void release(long bytes) {
        long used = usedBytes.addAndGet(-bytes);
        if (used < limitBytes) {
            Runnable wake;
            while ((wake = waiting.poll()) != null) {
                wake.run();
            }
        }
    }

    /** Whether the broker-wide budget is used up. */
    boolean isExhausted() {
        return usedBytes.get() >= limitBytes;
    }

    /**
     * Registers a paused connection to be woken when the budget has room again; if it has room
     * already, wakes it at once (no wake-up can be lost between the check and the registration).
     */
    void awaitRoom(Runnable wake) {
        waiting.add(wake);
        if (!isExhausted() && waiting.remove(wake)) {
            wake.run();
        }
    }
}
