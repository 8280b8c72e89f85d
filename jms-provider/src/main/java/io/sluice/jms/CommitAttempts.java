package io.sluice.jms;

import io.sluice.client.SluiceClient;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.error.ErrorCode;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Sends one COMMIT_TRANSACTION until its outcome is known: the identical request again after an
 * answer that leaves the outcome unknown (a retriable error or the connection lost before the
 * answer, see the table in docs/transactions.md), with a growing pause between attempts, until a
 * definitive answer arrives, the client can no longer reach the broker (its connection is closed or
 * failed for good), or {@code deadlineMs} passes.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
final class CommitAttempts {
    /** Answers after which the commit may or may not have been applied: send it again. */
    static final Set<ErrorCode> OUTCOME_UNKNOWN = Set.of(
            ErrorCode.CONNECTION_LOST,
            ErrorCode.REQUEST_TIMED_OUT,
            ErrorCode.STORAGE_ERROR,
            ErrorCode.BROKER_SHUTTING_DOWN,
            ErrorCode.RESOURCE_LIMIT_EXCEEDED,
            ErrorCode.NOT_DURABLE);

    private static final long FIRST_PAUSE_MS = 20;
    private static final long MAX_PAUSE_MS = 1000;

    /** What the attempts ended with: an answer, a definitive refusal, or an unknown outcome. */
    record Result(
            CommitTransactionResponse answer, ErrorCode refusal, ErrorCode unknown, Throwable failure, int attempts) {
        boolean isApplied() {
            return answer != null;
        }

        boolean isRefused() {
            return refusal != null;
        }
    }

    private final SluiceClient client;
    private final Clock clock;
    /** How much longer than the request's own {@code timeoutMs} one attempt waits for an answer. */
    private final long answerGraceMs;

    CommitAttempts(SluiceClient client, Clock clock, long answerGraceMs) {
        this.client = client;
        this.clock = clock;
        this.answerGraceMs = answerGraceMs;
    }

    /**
     * Sends {@code request} until a definitive answer or until the outcome must be given up as
     * unknown.
     *
     * @throws InterruptedException if the calling thread is interrupted between attempts (the outcome
     *     is then unknown too; the caller treats it so)
     */
    Result run(CommitTransactionRequest request, long deadlineMs) throws InterruptedException {
        long pauseMs = FIRST_PAUSE_MS;
        int attempts = 0;
        while (true) {
            attempts++;
            Throwable failure;
            try {
                CommitTransactionResponse answer = client.<CommitTransactionResponse>request(
                                ApiKey.COMMIT_TRANSACTION,
                                request,
                                CommitTransactionResponse::read,
                                answerGraceMs + request.timeoutMs())
                        .get();
                return new Result(answer, null, null, null, attempts);
            } catch (ExecutionException e) {
                failure = JmsExceptions.unwrap(e.getCause());
            }
            ErrorCode code = JmsExceptions.codeOf(failure);
            if (code == null) {
                // Not a broker answer (e.g. the request could not be encoded): nothing was applied.
                return new Result(null, ErrorCode.UNKNOWN_SERVER_ERROR, null, failure, attempts);
            }
            if (!OUTCOME_UNKNOWN.contains(code)) {
                return new Result(null, code, null, failure, attempts);
            }
            long leftMs = deadlineMs - clock.millis();
            if (client.state().isTerminal() || leftMs <= 0) {
                return new Result(null, null, code, failure, attempts);
            }
            Thread.sleep(Math.min(pauseMs, leftMs));
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
        }
    }
}
