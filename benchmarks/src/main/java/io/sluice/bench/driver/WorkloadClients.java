package io.sluice.bench.driver;

import io.sluice.bench.workload.Workload;

/**
 * The producers and consumers of one workload on one running system. The runner creates the
 * consumers (and with them any subscriptions) first, then the producers, and closes everything
 * when the workload ends.
 *
 * <p>Implementations are thread-safe for the calls the runner makes: consumer callbacks run on the
 * driver's threads, each producer is driven by its own runner thread.
 */
public interface WorkloadClients extends AutoCloseable {
    /**
     * Creates the workload's destination if the system needs that, then all its consumers
     * (subscriptions included) and starts them; every received message goes to {@code sink}. When
     * this returns, a message sent afterwards reaches every subscription. With {@code consumers ==
     * 0} it only creates the destination (and the subscriptions, if any).
     */
    void startConsumers(MessageSink sink) throws Exception;

    /** Creates producer number {@code index} (0-based) of {@link Workload#producers()}. */
    BenchProducer createProducer(int index) throws Exception;

    /** Stops consumers and closes every connection this object opened. */
    @Override
    void close() throws Exception;
}
