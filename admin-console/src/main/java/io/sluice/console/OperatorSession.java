package io.sluice.console;

import io.sluice.client.ProducerConfig;
import io.sluice.client.RecordProducer;
import io.sluice.client.SluiceAdmin;
import io.sluice.client.SluiceClient;
import java.time.Duration;

/**
 * A logged-in operator: their broker connection, the CSRF token their page sends with every
 * change, and when they were last active.
 *
 * <p>Thread-safe: the client is; {@code lastUsedMs} is volatile; the producer is created under
 * this object's lock.
 */
final class OperatorSession implements AutoCloseable {
    private final String id;
    private final String username;
    private final String csrfToken;
    private final SluiceClient client;
    /** Written by every request of the session, read by the expiry sweep. */
    private volatile long lastUsedMs;
    // guarded by this
    private RecordProducer producer;

    OperatorSession(String id, String username, String csrfToken, SluiceClient client, long nowMs) {
        this.id = id;
        this.username = username;
        this.csrfToken = csrfToken;
        this.client = client;
        this.lastUsedMs = nowMs;
    }

    String id() {
        return id;
    }

    String username() {
        return username;
    }

    String csrfToken() {
        return csrfToken;
    }

    SluiceAdmin admin() {
        return client.admin();
    }

    SluiceClient client() {
        return client;
    }

    /** The session's producer for test messages, created on first use. */
    synchronized RecordProducer producer() {
        if (producer == null || producer.isClosed()) {
            producer =
                    client.createProducer(ProducerConfig.builder().lingerMs(0).build());
        }
        return producer;
    }

    long lastUsedMs() {
        return lastUsedMs;
    }

    void touch(long nowMs) {
        lastUsedMs = nowMs;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        client.close(Duration.ofSeconds(2));
    }
}
