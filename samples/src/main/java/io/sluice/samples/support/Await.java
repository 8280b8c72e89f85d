package io.sluice.samples.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something the sample's services do on their own threads.
 *
 * <p>Stateless; thread-safe.
 */
public final class Await {
    private static final long POLL_MS = 10;

    private Await() {}

    /**
     * Returns once {@code done} is true.
     *
     * @throws SampleTimeoutException when it is still false after {@code timeout}, naming {@code what}
     */
    public static void until(BooleanSupplier done, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new SampleTimeoutException("gave up after " + timeout.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
