package io.sluice.client;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.error.ErrorCode;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one channel alive and checks that the broker still answers: when nothing has been written
 * for an interval (the configured one, or a third of the broker's idle timeout), sends a HEARTBEAT;
 * if that gets no answer within the request timeout, closes the channel so the connection
 * reconnects instead of waiting on a dead peer.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class Heartbeats {
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    /** Period when neither the configuration nor the broker's idle timeout gives one. */
    private static final int FALLBACK_INTERVAL_MS = 10_000;

    private final RequestPipeline requests;
    private final int configuredIntervalMs;
    private final int requestTimeoutMs;
    private ScheduledFuture<?> task;
    private boolean outstanding;

    Heartbeats(RequestPipeline requests, int configuredIntervalMs, int requestTimeoutMs) {
        this.requests = requests;
        this.configuredIntervalMs = configuredIntervalMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** The period used for a broker with this idle timeout. */
    static long intervalMs(int configuredIntervalMs, int idleTimeoutMs) {
        if (configuredIntervalMs > 0) {
            return configuredIntervalMs;
        }
        return idleTimeoutMs > 0 ? Math.max(50, idleTimeoutMs / 3) : FALLBACK_INTERVAL_MS;
    }

    /** Starts heartbeating a freshly handshaken channel. */
    void start(Channel channel, ConnectionInfo info) {
        stop();
        long intervalMs = intervalMs(configuredIntervalMs, info.idleTimeoutMs());
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        outstanding = false;
        task = channel.eventLoop()
                .scheduleAtFixedRate(
                        () -> tick(channel, info, intervalNanos), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void tick(Channel channel, ConnectionInfo info, long intervalNanos) {
        if (!channel.isActive()) {
            stop();
            return;
        }
        if (outstanding || System.nanoTime() - requests.lastWriteNanos() < intervalNanos) {
            return;
        }
        outstanding = true;
        PendingRequest<Empty> beat =
                new PendingRequest<>(ApiKey.HEARTBEAT, Empty.INSTANCE, Empty::read, requestTimeoutMs);
        requests.armTimeout(beat);
        beat.future.whenComplete((ok, error) -> {
            outstanding = false;
            if (error != null
                    && ClientErrors.unwrap(error).error() == ErrorCode.REQUEST_TIMED_OUT
                    && channel.isActive()) {
                log.warn(
                        "{}:{} did not answer a heartbeat within {} ms; closing the connection",
                        info.host(),
                        info.port(),
                        requestTimeoutMs);
                channel.close();
            }
        });
        requests.write(channel, beat, info.maxFrameBytes());
    }
}
