package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's side of the cursor log: gathers the cursor changes ({@link CursorOps}) of a
 * round, appends them as one record, and completes the futures of callers that wait for their
 * changes to be durable (ACKs sent as requests, moves). A subscription that is not persisted has
 * no ops; its waiters complete at the next flush.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class CursorJournal {
    private static final Logger log = LoggerFactory.getLogger(CursorJournal.class);

    private final String owner;
    private final CursorLog cursorLog;
    private final CursorOps ops;
    private final List<CompletableFuture<Void>> awaiting = new ArrayList<>();
    private long lastAppended = -1;
    private boolean changedSinceSnapshot;

    /** @param ops the changes to record, or null when the subscription is not persisted */
    CursorJournal(String owner, CursorLog cursorLog, CursorOps ops) {
        this.owner = owner;
        this.cursorLog = cursorLog;
        this.ops = ops;
    }

    /** Where changes are recorded; null when not persisted. */
    CursorOps ops() {
        return ops;
    }

    /** Completes {@code done} once everything recorded so far is durable (after the next flush). */
    void whenDurable(CompletableFuture<Void> done) {
        awaiting.add(done);
    }

    /** Appends the pending changes as one cursor-log record and arranges the durability waiters. */
    void flush() {
        if (ops != null && !ops.isEmpty()) {
            ByteBuf value = ByteBufAllocator.DEFAULT.buffer(16 + ops.size() * 12);
            try {
                ops.writeTo(value);
                lastAppended = cursorLog.append(value);
                changedSinceSnapshot = true;
            } catch (RuntimeException e) {
                ops.clear();
                log.error("Could not record cursor changes of {}; they may be lost on a crash", owner, e);
                awaiting.forEach(f -> f.completeExceptionally(e));
                awaiting.clear();
                return;
            } finally {
                value.release();
            }
        }
        if (awaiting.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> waiting = new ArrayList<>(awaiting);
        awaiting.clear();
        durable()
                .whenComplete((hw, e) -> waiting.forEach(f -> {
                    if (e == null) {
                        f.complete(null);
                    } else {
                        f.completeExceptionally(e);
                    }
                }));
    }

    /** Completes once everything appended so far is durable. */
    CompletableFuture<Long> durable() {
        return lastAppended < 0 ? CompletableFuture.completedFuture(0L) : cursorLog.awaitDurable(lastAppended);
    }

    /** Whether changes were appended since the last call (the last snapshot). */
    boolean takeChanged() {
        boolean changed = changedSinceSnapshot;
        changedSinceSnapshot = false;
        return changed;
    }

    /** The subscription is gone: nobody needs to wait any more. */
    void releaseWaiters() {
        awaiting.forEach(f -> f.complete(null));
        awaiting.clear();
    }
}
