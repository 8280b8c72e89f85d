package io.sluice.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one connection: those written and awaiting an answer, keyed by correlation id
 * (pipelined: any number may be on the wire), and those waiting for the connection to become ready.
 * Every request gets its timeout when submitted, so it completes even if no answer ever comes.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class RequestPipeline {
    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final EventLoop eventLoop;
    private final Map<Integer, PendingRequest<?>> inFlight = new HashMap<>();
    private final ArrayDeque<PendingRequest<?>> waiting = new ArrayDeque<>();
    private int nextCorrelationId = 1;
    private long lastWriteNanos;

    RequestPipeline(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /** Starts the request's clock: it fails with REQUEST_TIMED_OUT if still pending after its timeout. */
    void armTimeout(PendingRequest<?> request) {
        request.timeoutTask(eventLoop.schedule(() -> onTimeout(request), request.timeoutMs, TimeUnit.MILLISECONDS));
    }

    /** Holds a request until {@link #flushWaiting} (the connection is not ready yet). */
    void hold(PendingRequest<?> request) {
        waiting.add(request);
    }

    /** Writes every held request, in order. */
    void flushWaiting(Channel channel, int maxFrameBytes) {
        while (!waiting.isEmpty()) {
            write(channel, waiting.poll(), maxFrameBytes);
        }
    }

    /**
     * Encodes and writes a request, remembering it under a fresh correlation id. A request that
     * cannot be encoded, or whose frame exceeds {@code maxFrameBytes} (the broker's limit, or -1
     * before the handshake), fails without being sent.
     */
    void write(Channel channel, PendingRequest<?> request, int maxFrameBytes) {
        int correlationId = nextCorrelationId;
        nextCorrelationId = nextCorrelationId == Integer.MAX_VALUE ? 1 : nextCorrelationId + 1;
        ByteBuf frame;
        try {
            frame = FrameWriter.encode(
                    channel.alloc(),
                    FrameHeader.request(request.api.id(), request.api.maxVersion(), correlationId),
                    request.body);
        } catch (RuntimeException e) {
            request.fail(ClientErrors.invalidRequest("cannot encode " + request.api + ": " + e.getMessage(), e));
            return;
        }
        int frameBytes = frame.readableBytes() - FrameHeader.LENGTH_FIELD_BYTES;
        if (maxFrameBytes >= 0 && frameBytes > maxFrameBytes) {
            frame.release();
            request.fail(ClientErrors.fromBroker(
                    request.api.name(),
                    ErrorCode.FRAME_TOO_LARGE,
                    "the request takes " + frameBytes + " bytes, the broker accepts at most " + maxFrameBytes
                            + " (checked by the client, not sent)"));
            return;
        }
        request.correlationId = correlationId;
        inFlight.put(correlationId, request);
        lastWriteNanos = System.nanoTime();
        channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("write to {} failed; closing the channel", channel, f.cause());
                channel.close();
            }
        });
    }

    /** The request an answer with {@code correlationId} belongs to, no longer in flight; or null. */
    PendingRequest<?> answered(int correlationId) {
        return inFlight.remove(correlationId);
    }

    /** Nanotime of the last frame written (heartbeats are sent only on a quiet connection). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    void noteWrite() {
        lastWriteNanos = System.nanoTime();
    }

    void failInFlight(SluiceClientException cause) {
        failAll(inFlight.values(), cause);
    }

    void failWaiting(SluiceClientException cause) {
        failAll(waiting, cause);
    }

    private void onTimeout(PendingRequest<?> request) {
        if (request.isDone()) {
            return;
        }
        if (request.correlationId != 0) {
            inFlight.remove(request.correlationId, request);
        }
        waiting.remove(request);
        request.fail(ClientErrors.timeout(request.describe(), request.timeoutMs));
    }

    private static void failAll(Collection<? extends PendingRequest<?>> requests, SluiceClientException cause) {
        List<PendingRequest<?>> copy = new ArrayList<>(requests);
        requests.clear();
        for (PendingRequest<?> r : copy) {
            r.fail(cause);
        }
    }
}
