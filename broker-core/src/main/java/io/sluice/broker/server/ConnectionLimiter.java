package io.sluice.broker.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per client address and refuses one more than {@code maxPerAddress}.
 * Addresses with no connection are forgotten, so the map holds only addresses that are connected.
 *
 * <p>Thread-safe.
 */
final class ConnectionLimiter {
    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param maxPerAddress 0 for no limit */
    ConnectionLimiter(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    int maxPerAddress() {
        return maxPerAddress;
    }

    /** Counts a new connection from {@code address}, unless that would pass the limit. */
    boolean tryAcquire(InetAddress address) {
        if (maxPerAddress <= 0) {
            return true;
        }
        boolean[] acquired = {false};
        open.compute(address, (a, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerAddress) {
                return n;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    /** A connection counted by {@link #tryAcquire} closed. */
    void release(InetAddress address) {
        if (maxPerAddress > 0) {
            open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Connections counted for {@code address} now. */
    int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }
}
