package io.sluice.jms.message;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes JMSMessageID values: {@code ID:} + a random prefix drawn once per generator + {@code :} + a
 * counter, e.g. {@code ID:3f2a0c4e9b1d47a8a6c1e0b2d5f7a913:42}. The prefix is 128 random bits, so
 * ids from different generators (connections, processes, machines) do not collide; per message
 * only a counter is incremented and one string built.
 *
 * <p>Thread-safe: the counter is atomic.
 */
public final class MessageIdGenerator {
    private final String prefix;
    /** Shared by every producer of a connection, which may send from several threads. */
    private final AtomicLong counter = new AtomicLong();

    public MessageIdGenerator() {
        UUID uuid = UUID.randomUUID();
        this.prefix = "ID:" + hex(uuid.getMostSignificantBits()) + hex(uuid.getLeastSignificantBits()) + ":";
    }

    private static String hex(long bits) {
        String s = Long.toHexString(bits);
        return "0".repeat(16 - s.length()) + s;
    }

    /** The next id. */
    public String next() {
        return prefix + counter.incrementAndGet();
    }

    /** The part every id of this generator starts with, {@code ID:} included. */
    public String prefix() {
        return prefix;
    }
}
