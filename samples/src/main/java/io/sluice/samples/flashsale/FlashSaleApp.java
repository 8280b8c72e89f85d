package io.sluice.samples.flashsale;

import io.sluice.samples.support.Await;
import io.sluice.samples.support.RunId;
import io.sluice.samples.support.SampleRunner;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;

/**
 * Sample 4, peak shaving: 10,000 purchase attempts arrive at once for 1,000 tickets. Every attempt
 * becomes a request on a queue; a fixed pool of four desks takes them at its own pace and answers
 * each buyer. The queue absorbs the rush: no ticket is sold twice, exactly 1,000 are sold and
 * every attempt gets an answer.
 *
 * <p>Run: {@code mvn -q -B -pl samples -am compile exec:java -Dexec.mainClass=io.sluice.samples.flashsale.FlashSaleApp [-Dexec.args=brokerUrl]}.
 *
 * <p>Not thread-safe: {@link #run} is called once per run.
 */
public final class FlashSaleApp {
    static final int ATTEMPTS = 10_000;
    static final int TICKETS = 1_000;
    private static final int DESKS = 4;
    private static final int FRONT_END_THREADS = 20;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final long PROGRESS_EVERY_MS = 500;

    private FlashSaleApp() {}

    public static void main(String[] args) throws Exception {
        SampleRunner.run(FlashSaleApp::run, args.length > 0 ? args[0] : null, System.out);
    }

    public static FlashSaleResult run(Context jndi, PrintStream out) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue purchases = (Queue) jndi.lookup("TicketPurchases");
        String saleId = RunId.next();
        TicketInventory inventory = new TicketInventory(TICKETS);
        BacklogGauge backlog = new BacklogGauge();
        List<String> buyers = new ArrayList<>();
        for (int i = 1; i <= ATTEMPTS; i++) {
            buyers.add(saleId + "-buyer-" + i);
        }

        out.printf(
                "== Flash sale: %,d purchase attempts for %,d tickets, queue %s, %d desks ==%n",
                ATTEMPTS, TICKETS, purchases.getQueueName(), DESKS);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        try (Connection desks = factory.createConnection();
                PurchaseGateway gateway = new PurchaseGateway(factory, purchases, saleId, backlog, out)) {
            for (int d = 0; d < DESKS; d++) {
                new TicketDesk(desks, purchases, saleId, inventory, backlog, out);
            }
            desks.start();

            long startNs = System.nanoTime();
            progress.scheduleAtFixedRate(
                    () -> out.printf(
                            "  queued now %,6d | answered %,6d | tickets sold %,5d%n",
                            backlog.depth(), gateway.answered(), inventory.sold()),
                    PROGRESS_EVERY_MS,
                    PROGRESS_EVERY_MS,
                    TimeUnit.MILLISECONDS);
            gateway.submitAll(buyers, FRONT_END_THREADS);
            out.printf(
                    "All %,d attempts sent by %d front-end threads in %d ms.%n",
                    ATTEMPTS, FRONT_END_THREADS, (System.nanoTime() - startNs) / 1_000_000);
            Await.until(() -> gateway.answered() == ATTEMPTS, WAIT, "every buyer got an answer");
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            progress.shutdownNow();

            FlashSaleResult result = new FlashSaleResult(
                    ATTEMPTS,
                    TICKETS,
                    gateway.answers(),
                    gateway.answersPerBuyer(),
                    inventory.sold(),
                    backlog.peak(),
                    elapsedMs);
            print(result, out);
            return result;
        } finally {
            progress.shutdownNow();
        }
    }

    private static void print(FlashSaleResult r, PrintStream out) {
        long granted = r.answers().values().stream().filter(Answer::granted).count();
        long distinct = r.answers().values().stream()
                .filter(Answer::granted)
                .mapToInt(Answer::ticket)
                .distinct()
                .count();
        Map<String, Long> byOutcome = new TreeMap<>();
        r.answers().values().forEach(a -> byOutcome.merge(a.outcome(), 1L, Long::sum));
        out.printf(
                "%nDone: %,d answers %s; %,d tickets granted (%,d distinct numbers), inventory sold %,d of %,d.%n",
                r.answers().size(), byOutcome, granted, distinct, r.soldByInventory(), r.tickets());
        out.printf(
                "Peak queue depth %,d requests; throughput %,.0f requests/s (%,d ms from first attempt to last answer).%n",
                r.peakBacklog(), r.throughputPerSecond(), r.elapsedMs());
    }
}
