package io.sluice.samples.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A short random id that prefixes the ids a sample run creates (users, orders, buyers), so that
 * runs against the same broker never mix up their messages with those of an earlier run.
 *
 * <p>Stateless; thread-safe.
 */
public final class RunId {
    private RunId() {}

    /** e.g. {@code r3fa9c1}. */
    public static String next() {
        return String.format("r%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
