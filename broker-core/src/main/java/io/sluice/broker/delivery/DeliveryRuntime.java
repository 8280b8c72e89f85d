package io.sluice.broker.delivery;

import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.topic.TopicManager;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The collaborators every subscription shares.
 *
 * <p>Immutable; thread-safe (every component is).
 *
 * @param pool the delivery pool subscriptions' executors run on
 * @param scheduler timers (delivery delays, drain time-outs); its tasks only hand work to executors
 * @param metadata the executor for JDBC work
 */
record DeliveryRuntime(
        DeliveryConfig config,
        Clock clock,
        Executor pool,
        ScheduledExecutorService scheduler,
        Executor metadata,
        TopicManager topics,
        PartitionManager partitions,
        ProducerIdManager producerIds,
        CursorLog cursorLog,
        LocalProducers localProducers) {

    /** Runs blocking work (JDBC, topic admin) on the metadata executor. */
    <T> CompletableFuture<T> onMetadata(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            metadata.execute(() -> {
                try {
                    f.complete(work.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }
}
