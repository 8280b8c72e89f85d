package io.sluice.samples.orders;

import io.sluice.samples.support.Await;
import io.sluice.samples.support.RunId;
import io.sluice.samples.support.SampleRunner;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.Context;

/**
 * Sample 2, competing consumers: an order service sends orders to a queue; three workers
 * (MessageListener, CLIENT_ACKNOWLEDGE) share them. One worker crashes in the middle of an order,
 * which the broker then gives to another worker; malformed (poison) orders fail on every delivery
 * and end in the dead-letter queue.
 *
 * <p>Run: {@code mvn -q -B -pl samples -am compile exec:java -Dexec.mainClass=io.sluice.samples.orders.OrderProcessingApp [-Dexec.args=brokerUrl]}.
 *
 * <p>Not thread-safe: {@link #run} is called once per run.
 */
public final class OrderProcessingApp {
    static final int ORDERS = 24;
    /** Every eleventh order is malformed. */
    static final int POISON_EVERY = 11;

    private static final int WORKERS = 3;
    private static final int CRASH_AT_ORDER = 3;
    private static final String[] SKUS = {"book", "kettle", "lamp", "mug", "pen"};
    private static final Duration WAIT = Duration.ofSeconds(60);

    private OrderProcessingApp() {}

    public static void main(String[] args) throws Exception {
        SampleRunner.run(OrderProcessingApp::run, args.length > 0 ? args[0] : null, System.out);
    }

    public static OrderProcessingResult run(Context jndi, PrintStream out) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue orders = (Queue) jndi.lookup("Orders");
        Queue deadLetters = (Queue) jndi.lookup("DeadLetterQueue");
        String runId = RunId.next();
        ProcessedOrders processed = new ProcessedOrders();
        List<OrderWorker> workers = new ArrayList<>();

        out.println("== Order processing with competing consumers: queue " + orders.getQueueName() + " ==");
        try (DeadLetterMonitor dead = new DeadLetterMonitor(factory, deadLetters, orders, runId, out);
                OrderService orderService = new OrderService(factory, orders, runId)) {
            for (int i = 1; i <= WORKERS; i++) {
                workers.add(new OrderWorker(
                        "worker-" + i, factory, orders, processed, out, i == WORKERS ? CRASH_AT_ORDER : 0));
            }
            OrderWorker doomed = workers.get(WORKERS - 1);
            out.printf(
                    "%d workers started; %s will crash in the middle of its order #%d.%n",
                    WORKERS, doomed.name(), CRASH_AT_ORDER);

            List<String> good = new ArrayList<>();
            List<String> poison = new ArrayList<>();
            for (int i = 1; i <= ORDERS; i++) {
                String orderId = runId + "-order-" + i;
                String sku = SKUS[i % SKUS.length];
                if (i % POISON_EVERY == 0) {
                    orderService.sendMalformed(orderId, sku, "a dozen");
                    poison.add(orderId);
                } else {
                    orderService.send(orderId, sku, 1 + i % 3);
                    good.add(orderId);
                }
            }
            out.printf("Order service sent %d orders (%s malformed).%n", ORDERS, poison);

            doomed.crash(WAIT);
            Await.until(
                    () -> processed.processedOf(good) == good.size(), WAIT, "every well-formed order was processed");
            Await.until(
                    () -> dead.orderIds().size() >= poison.size(),
                    WAIT,
                    "every malformed order reached the dead-letter queue");
            for (OrderWorker w : workers) {
                w.close();
            }
            OrderProcessingResult result = result(good, poison, processed, doomed.name(), dead.orderIds());
            print(result, out);
            return result;
        } finally {
            for (OrderWorker w : workers) {
                w.close();
            }
        }
    }

    private static OrderProcessingResult result(
            List<String> good, List<String> poison, ProcessedOrders processed, String crashed, List<String> dead) {
        Map<String, String> by = new HashMap<>();
        List<String> redelivered = new ArrayList<>();
        for (ProcessedOrders.Processing p : processed.log()) {
            if (good.contains(p.orderId()) || poison.contains(p.orderId())) {
                by.put(p.orderId(), p.worker());
                if (p.redelivered()) {
                    redelivered.add(p.orderId());
                }
            }
        }
        Map<String, Integer> counts = new HashMap<>(processed.countPerOrder());
        counts.keySet().removeIf(id -> !good.contains(id) && !poison.contains(id));
        return new OrderProcessingResult(
                List.copyOf(good),
                List.copyOf(poison),
                Map.copyOf(counts),
                Map.copyOf(by),
                List.copyOf(redelivered),
                crashed,
                dead);
    }

    private static void print(OrderProcessingResult r, PrintStream out) {
        Map<String, Integer> perWorker = new TreeMap<>();
        r.processedBy().values().forEach(w -> perWorker.merge(w, 1, Integer::sum));
        long once =
                r.processedCountPerOrder().values().stream().filter(c -> c == 1).count();
        out.printf(
                "%nDone: %d of %d well-formed orders processed exactly once %s; "
                        + "%s processed after a redelivery; dead letters: %s.%n",
                once, r.goodOrderIds().size(), perWorker, r.redeliveredAndProcessed(), r.deadLettered());
    }
}
