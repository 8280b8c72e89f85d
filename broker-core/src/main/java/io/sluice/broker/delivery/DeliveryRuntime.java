package io.sluice.broker.delivery;

import io.sluice.broker.partition.PartitionManager;
import io.sluice.broker.producer.ProducerIdManager;
import io.sluice.broker.topic.TopicManager;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

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
        LocalProducers localProducers) {}
