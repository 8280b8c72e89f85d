package io.sluice.broker.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The JMS client ids in use, each held by one connection at a time (JMS requires client ids to be
 * unique among a provider's connections).
 *
 * <p>Thread-safe.
 */
public final class ClientIdRegistry {
    /** Longest client id accepted. */
    public static final int MAX_LENGTH = 255;

    private final ConcurrentHashMap<String, Long> owners = new ConcurrentHashMap<>();

    /**
     * Claims a client id for a connection.
     *
     * @throws InvalidClientIdException if the id is empty, too long, has control characters, or
     *     another connection holds it
     */
    public void claim(String clientId, long connectionId) {
        if (clientId.isEmpty() || clientId.length() > MAX_LENGTH) {
            throw new InvalidClientIdException("client id must have 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < clientId.length(); i++) {
            if (Character.isISOControl(clientId.charAt(i))) {
                throw new InvalidClientIdException("client id must not contain control characters");
            }
        }
        Long owner = owners.putIfAbsent(clientId, connectionId);
        if (owner != null && owner != connectionId) {
            throw new InvalidClientIdException("client id '" + clientId + "' is already in use by another connection");
        }
    }

    /** Releases the id if the connection holds it. */
    public void release(String clientId, long connectionId) {
        if (clientId != null) {
            owners.remove(clientId, connectionId);
        }
    }
}
