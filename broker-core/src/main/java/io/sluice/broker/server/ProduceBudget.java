package io.sluice.broker.server;

import java.util.concurrent.Executor;

/**
 * One connection's share of {@link ProduceMemory}: the bytes of its PRODUCE frames not answered
 * yet, charged when a frame is read and released when its response is sent. Under policy BLOCK a
 * frame is always charged and the connection's {@link ReadGate} pauses once its own budget or the
 * broker's is used up (resuming when frames are answered, here or - for the broker's budget - on
 * any connection); under FAIL a frame that does not fit is refused.
 *
 * <p>Not thread-safe; confined to the connection's event loop (wake-ups hop onto it).
 */
final class ProduceBudget {
    private final ProduceMemory memory;
    private final ReadGate gate;
    private final Executor eventLoop;
    /** Bytes of this connection's PRODUCE frames not answered yet. */
    private long bytesInFlight;

    ProduceBudget(ProduceMemory memory, ReadGate gate, Executor eventLoop) {
        this.memory = memory;
        this.gate = gate;
        this.eventLoop = eventLoop;
    }

    /**
     * Counts a PRODUCE frame of {@code bytes}.
     *
     * @return false if policy FAIL refuses it (nothing is counted then)
     */
    boolean charge(long bytes) {
        if (memory.policy() == ProduceMemory.Policy.FAIL) {
            if (bytesInFlight > 0 && bytesInFlight + bytes > memory.connectionLimitBytes()) {
                return false;
            }
            if (!memory.tryCharge(bytes)) {
                return false;
            }
            bytesInFlight += bytes;
            return true;
        }
        memory.charge(bytes);
        bytesInFlight += bytes;
        if (bytesInFlight >= memory.connectionLimitBytes()) {
            gate.pause(ReadGate.PRODUCE_OWN);
        }
        if (memory.isExhausted() && !gate.isPaused(ReadGate.PRODUCE_BROKER)) {
            gate.pause(ReadGate.PRODUCE_BROKER);
            memory.awaitRoom(this::wakeUp);
        }
        return true;
    }

    /** The frame of {@code bytes} was answered. */
    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        bytesInFlight -= bytes;
        memory.release(bytes);
        if (bytesInFlight < memory.connectionLimitBytes()) {
            gate.resume(ReadGate.PRODUCE_OWN);
        }
    }

    /** Why a frame was refused (policy FAIL), for the error message. */
    String refusal() {
        return "the broker holds as much produce data in flight as it may: " + bytesInFlight + " of "
                + memory.connectionLimitBytes() + " bytes for this connection (produce.memory.connection.bytes), "
                + memory.usedBytes() + " of " + memory.limitBytes() + " bytes in all (produce.memory.bytes);"
                + " retry once earlier requests are answered";
    }

    /** The broker's budget may have room again: called on any thread. */
    private void wakeUp() {
        try {
            eventLoop.execute(this::brokerMemoryFreed);
        } catch (RuntimeException e) {
            // The event loop is gone (broker shutdown): nothing to resume.
        }
    }

    private void brokerMemoryFreed() {
        if (!memory.isExhausted()) {
            gate.resume(ReadGate.PRODUCE_BROKER);
        } else {
            memory.awaitRoom(this::wakeUp);
        }
    }
}
