package io.sluice.broker.server;

import io.netty.channel.Channel;

/**
 * Whether a connection reads from its socket, decided by the reasons it currently has to stop:
 * reading resumes only when none is left. Stopping to read lets TCP push back on the client.
 *
 * <pre>
 *   HANDSHAKE        a handshake is being checked; frames behind it wait
 *   IN_FLIGHT        connection.max.inflight.requests are pending (until half have answered)
 *   PRODUCE_OWN      the connection's produce data in flight reached produce.memory.connection.bytes
 *   PRODUCE_BROKER   the broker's produce data in flight reached produce.memory.bytes
 *   UNWRITABLE       the client does not read what the broker writes (outbound buffer above its mark)
 *   CLOSING          the connection is being closed
 * </pre>
 *
 * <p>Not thread-safe; confined to the channel's event loop.
 */
final class ReadGate {
    static final int HANDSHAKE = 1;
    static final int IN_FLIGHT = 1 << 1;
    static final int PRODUCE_OWN = 1 << 2;
    static final int PRODUCE_BROKER = 1 << 3;
    static final int UNWRITABLE = 1 << 4;
    static final int CLOSING = 1 << 5;

    private final Channel channel;
    private int reasons;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void pause(int reason) {
        boolean wasOpen = reasons == 0;
        reasons |= reason;
        if (wasOpen) {
            channel.config().setAutoRead(false);
        }
    }

    void resume(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isPaused(int reason) {
        return (reasons & reason) != 0;
    }
}
