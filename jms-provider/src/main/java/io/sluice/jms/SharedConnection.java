package io.sluice.jms;

import jakarta.jms.JMSException;

/**
 * A connection shared by the JMSContexts made from one another with {@code createContext}: it is
 * closed when the last of them closes.
 *
 * <p>Thread-safe; guarded by its own monitor.
 */
final class SharedConnection {
    private final SluiceConnection connection;
    private int contexts = 1;

    SharedConnection(SluiceConnection connection) {
        this.connection = connection;
    }

    SluiceConnection connection() {
        return connection;
    }

    /** Another context uses the connection. */
    synchronized void acquire() throws JMSException {
        if (contexts == 0) {
            throw JmsExceptions.illegalState("the connection is closed");
        }
        contexts++;
    }

    /** A context closed; closes the connection with the last one. */
    void release() throws JMSException {
        boolean last;
        synchronized (this) {
            last = --contexts == 0;
        }
        if (last) {
            connection.close();
        }
    }
}
