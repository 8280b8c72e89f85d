package io.sluice.broker.delivery;

import io.sluice.protocol.message.DestinationKind;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The temporary queues and topics that exist, and the connection owning each. Their names start
 * with the reserved prefix {@value #PREFIX} (no other destination may use it) followed by the kind,
 * the owning connection and a random part, e.g. {@code _temp.q.17.3.9f2c41d0}.
 *
 * <p>Thread-safe.
 */
final class TemporaryDestinations {
    static final String PREFIX = "_temp.";

    private final ConcurrentHashMap<String, DeliverySession> owners = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    static boolean isTemporaryName(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    String newName(DestinationKind kind, long connectionId) {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return PREFIX + (kind.isQueue() ? "q." : "t.") + connectionId + "." + counter.incrementAndGet() + "."
                + HexFormat.of().formatHex(bytes);
    }

    void register(String name, DeliverySession owner) {
        owners.put(name, owner);
    }

    /** The owning connection, or null if no such temporary destination exists. */
    DeliverySession owner(String name) {
        return owners.get(name);
    }

    void remove(String name) {
        owners.remove(name);
    }
}
