package io.sluice.broker.delivery;

import io.sluice.broker.topic.TopicConfig;

/**
 * The per-destination rules for records that come back: how long a released record waits before
 * it is available again ({@code redelivery.delay.ms}, growing by {@code
 * redelivery.backoff.multiplier} with each delivery, capped at {@code redelivery.delay.max.ms}),
 * and when it is dead-lettered instead ({@code max.deliveries}).
 *
 * <p>Stateless; thread-safe.
 */
final class RedeliveryPolicy {
    private RedeliveryPolicy() {}

    /**
     * The delay before a record released after {@code count} deliveries is available again:
     * {@code delay * multiplier^(count - 1)}, at most {@code max(delay, maxDelay)}; 0 without a
     * config.
     */
    static long delayMs(TopicConfig config, int count) {
        if (config == null || config.redeliveryDelayMs() == 0) {
            return 0;
        }
        double delay =
                config.redeliveryDelayMs() * Math.pow(config.redeliveryBackoffMultiplier(), Math.max(0, count - 1));
        return (long) Math.min(delay, (double) Math.max(config.redeliveryDelayMs(), config.redeliveryDelayMaxMs()));
    }

    /**
     * Whether a record delivered {@code count} times must leave the subscription for the
     * dead-letter queue: {@code max.deliveries} is set (not 0) and reached, and the destination is
     * not its own dead-letter queue.
     */
    static boolean mustDeadLetter(TopicConfig config, String topic, int count) {
        return config != null
                && config.maxDeliveries() > 0
                && count >= config.maxDeliveries()
                && !config.deadLetterQueue().equals(topic);
    }
}
