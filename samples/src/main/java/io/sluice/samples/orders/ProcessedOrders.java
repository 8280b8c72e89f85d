package io.sluice.samples.orders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The effect of processing: which worker processed which order, and whether the broker had
 * delivered it before (to a worker that crashed or recovered). Stands in for the database the
 * workers would write to.
 *
 * <p>Thread-safe.
 */
final class ProcessedOrders {
    /** One processing of an order. */
    record Processing(String orderId, String worker, boolean redelivered) {}

    private final List<Processing> log = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> countPerOrder = new ConcurrentHashMap<>();

    void record(Order order, String worker, boolean redelivered) {
        log.add(new Processing(order.orderId(), worker, redelivered));
        countPerOrder.merge(order.orderId(), 1, Integer::sum);
    }

    long processedOf(List<String> orderIds) {
        return orderIds.stream().filter(countPerOrder::containsKey).count();
    }

    List<Processing> log() {
        return List.copyOf(log);
    }

    Map<String, Integer> countPerOrder() {
        return Map.copyOf(countPerOrder);
    }
}
