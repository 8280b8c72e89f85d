package io.sluice.broker.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages pushed to consumers since the broker started, per destination and in total, for the
 * operations APIs (rates in the console, Prometheus counters).
 *
 * <p>Thread-safe: adders in a concurrent map; written by connections' event loops.
 */
public final class DeliveryCounters {
    private final ConcurrentHashMap<String, LongAdder> byTopic = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void delivered(String topic, int messages) {
        byTopic.computeIfAbsent(topic, t -> new LongAdder()).add(messages);
        total.add(messages);
    }

    /** Messages delivered from {@code topic} since start (0 if none). */
    public long delivered(String topic) {
        LongAdder adder = byTopic.get(topic);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return total.sum();
    }

    /** The topic was deleted; a new one of the same name starts from 0. */
    void forget(String topic) {
        byTopic.remove(topic);
    }
}
