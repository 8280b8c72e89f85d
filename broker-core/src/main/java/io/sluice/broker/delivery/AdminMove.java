package io.sluice.broker.delivery;

import io.sluice.protocol.api.MessageActionResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One operator request to move messages (MOVE_MESSAGES, REDRIVE_MESSAGES): counts its records as
 * the {@link MessageMover} finishes or gives them up, and answers once every record is decided.
 *
 * <p>Not thread-safe; confined to its subscription's executor.
 */
final class AdminMove {
    private final CompletableFuture<MessageActionResponse> done = new CompletableFuture<>();
    private int pending;
    private int moved;
    private int skipped;
    private String detail;
    private boolean more;
    private boolean sealed;

    CompletableFuture<MessageActionResponse> result() {
        return done;
    }

    /** One more record handed to the mover. */
    void add() {
        pending++;
    }

    /** A record left alone before it reached the mover. */
    void skip(String why) {
        skipped++;
        if (detail == null) {
            detail = why;
        }
    }

    void moved() {
        pending--;
        moved++;
        completeIfDone();
    }

    void failed(String why) {
        pending--;
        skip(why);
        completeIfDone();
    }

    /** Every record of the request is accounted for; {@code more}: records remain beyond the page. */
    void seal(boolean more) {
        this.more = more;
        sealed = true;
        completeIfDone();
    }

    private void completeIfDone() {
        if (sealed && pending == 0) {
            done.complete(new MessageActionResponse(moved, skipped, detail, more));
        }
    }
}
