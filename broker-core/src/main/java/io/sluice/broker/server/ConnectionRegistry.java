package io.sluice.broker.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections that completed their handshake, for operators (LIST_CONNECTIONS,
 * CLOSE_CONNECTION): who they are, where from and since when.
 *
 * <p>Thread-safe: a concurrent map written by the connections' event loops.
 */
public final class ConnectionRegistry {
    /** One open connection. */
    public record Registered(RequestContext context, String clientSoftware, long connectedSinceMs) {}

    private final Clock clock;
    private final ConcurrentHashMap<Long, Registered> open = new ConcurrentHashMap<>();

    public ConnectionRegistry(Clock clock) {
        this.clock = clock;
    }

    void opened(RequestContext context, String clientSoftware) {
        open.put(context.connectionId(), new Registered(context, clientSoftware, clock.millis()));
    }

    void closed(long connectionId) {
        open.remove(connectionId);
    }

    public int count() {
        return open.size();
    }

    /** The open connections by id. */
    public List<Registered> list() {
        List<Registered> all = new ArrayList<>(open.values());
        all.sort(Comparator.comparingLong(r -> r.context().connectionId()));
        return all;
    }

    public Optional<Registered> find(long connectionId) {
        return Optional.ofNullable(open.get(connectionId));
    }
}
