package io.sluice.bench.driver;

/**
 * Told when one send completes: the broker acknowledged it with the durability the workload asked
 * for, or it failed. Exactly one of the two methods is called, once.
 *
 * <p>Implementations are thread-safe: drivers call from their own callback threads.
 */
public interface SendCallback {
    void onComplete();

    void onFailure(Throwable cause);
}
