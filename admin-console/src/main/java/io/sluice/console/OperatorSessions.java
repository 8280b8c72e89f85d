package io.sluice.console;

import io.sluice.client.SluiceClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logged-in operators, by session id (the value of the {@code SLUICE_SESSION}
 * cookie: 256 random bits). A session unused for the configured timeout is logged out and its
 * broker connection closed.
 *
 * <p>Thread-safe.
 */
final class OperatorSessions implements AutoCloseable {
    static final String COOKIE = "SLUICE_SESSION";

    private final ConcurrentHashMap<String, OperatorSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration timeout;

    OperatorSessions(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    OperatorSession open(String username, SluiceClient client) {
        OperatorSession session = new OperatorSession(token(), username, token(), client, clock.millis());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, touched; empty if unknown or expired. */
    Optional<OperatorSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        OperatorSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (now - session.lastUsedMs() > timeout.toMillis()) {
            close(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    void close(String id) {
        OperatorSession session = sessions.remove(id);
        if (session != null) {
            session.close();
        }
    }

    /** Logs out every session unused for longer than the timeout. */
    void expire() {
        long now = clock.millis();
        for (OperatorSession s : sessions.values()) {
            if (now - s.lastUsedMs() > timeout.toMillis()) {
                close(s.id());
            }
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        for (String id : sessions.keySet()) {
            close(id);
        }
    }
}
