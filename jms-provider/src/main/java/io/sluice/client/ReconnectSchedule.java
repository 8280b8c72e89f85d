package io.sluice.client;

import io.sluice.protocol.error.ErrorCode;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * When to try reconnecting, and when to stop: attempts are spaced by {@link Backoff} and bounded by
 * {@code reconnectMaxAttempts} (-1 = no limit) and {@code reconnectTimeoutMs} counted from the loss
 * of the connection; a handshake error another attempt cannot fix ends the episode at once.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class ReconnectSchedule {
    private final ClientConfig config;
    private final LongSupplier nanoClock;
    private final DoubleSupplier jitter;
    private int attempts;
    private long startNanos;

    ReconnectSchedule(ClientConfig config, LongSupplier nanoClock, DoubleSupplier jitter) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.jitter = jitter;
    }

    /** The connection was just lost: a new episode starts. */
    void begin() {
        attempts = 0;
        startNanos = nanoClock.getAsLong();
    }

    /** The delay before the next attempt (counting it as made), or -1 when the client must give up. */
    long nextDelayMs() {
        long remainingMs = config.reconnectTimeoutMs() - elapsedMs();
        int maxAttempts = config.reconnectMaxAttempts();
        if ((maxAttempts > 0 && attempts >= maxAttempts) || maxAttempts == 0 || remainingMs <= 0) {
            return -1;
        }
        long delayMs = Backoff.delayMs(
                attempts, config.reconnectBackoffMs(), config.reconnectBackoffMaxMs(), jitter.getAsDouble());
        attempts++;
        return Math.min(remainingMs, delayMs);
    }

    int attempts() {
        return attempts;
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - startNanos);
    }

    /** Handshake errors that another attempt cannot fix. */
    static boolean isPermanent(ErrorCode error) {
        return error == ErrorCode.AUTHENTICATION_FAILED
                || error == ErrorCode.AUTHORIZATION_FAILED
                || error == ErrorCode.UNSUPPORTED_VERSION;
    }

    /** Why the client gives up: a permanent error as it is, anything else as CONNECTION_LOST with the story. */
    SluiceClientException gaveUp(String address, SluiceClientException lastError) {
        if (lastError != null && isPermanent(lastError.error())) {
            return lastError;
        }
        return ClientErrors.connectionLost(
                "gave up reconnecting to " + address + " after " + attempts + " attempts in " + elapsedMs() + " ms"
                        + (lastError == null ? "" : "; last error: " + lastError.getMessage()),
                lastError);
    }
}
