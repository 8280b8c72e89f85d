package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.ChildBroker;
import io.sluice.broker.testing.DeliveryClient;
import io.sluice.broker.testing.DeliveryClient.Received;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.JmsRecords;
import io.sluice.broker.testing.Produce;
import io.sluice.broker.testing.TransactedSession;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transacted consume-and-produce loop between two queues (consume from "in", send a result to
 * "out", commit both together) while the broker, in a child JVM, is killed with SIGKILL again and
 * again at random moments. After every restart the client resolves a commit whose outcome it did
 * not learn by sending it again. At the end "out" holds exactly one result per input.
 *
 * <p>{@code sluice.txn.crash.cycles} sets the number of kills (20 by default; the {@code soak}
 * Maven profile raises it).
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class TransactionCrashIT {
    private static final int CYCLES = Integer.getInteger("sluice.txn.crash.cycles", 20);
    private static final int INPUTS = Math.max(200, CYCLES * 40);
    private static final int PARTITIONS = 2;
    private static final int CREDIT = 3;

    @TempDir
    Path dir;

    private final Random random = new Random(42);
    private TransactedSession tx;
    private int resolvedApplied;
    private int resolvedRolledBack;
    /** Commits answered with success. */
    private int committed;

    @Test
    void everyInputHasExactlyOneResultAfterRepeatedKills() throws Exception {
        try (ChildBroker broker = ChildBroker.start(dir);
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            for (String q : List.of("in", "out")) {
                c.frames()
                        .call(
                                ApiKey.CREATE_TOPIC,
                                new CreateTopicRequest(q, PARTITIONS, Map.of("type", "queue")),
                                Empty::read);
            }
            for (int from = 0; from < INPUTS; from += 100) {
                for (int p = 0; p < PARTITIONS; p++) {
                    int partition = p;
                    List<JmsRecords.Msg> batch = IntStream.range(from, Math.min(INPUTS, from + 100))
                            .filter(i -> i % PARTITIONS == partition)
                            .mapToObj(i -> JmsRecords.text("m-" + i))
                            .toList();
                    c.send("in", p, batch);
                }
            }
            tx = TransactedSession.init(c.frames());
        }
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            try (ChildBroker broker = ChildBroker.start(dir)) {
                long killAfterMs = 100 + random.nextInt(500);
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(killAfterMs);
                        broker.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                killer.start();
                try (DeliveryClient c = DeliveryClient.connect(broker.port())) {
                    work(c, Long.MAX_VALUE);
                } catch (IOException | AssertionError e) {
                    killer.join();
                    if (broker.isAlive()) {
                        throw e;
                    }
                    // The broker died under the loop: an open transaction whose commit was not
                    // sent is simply dropped (its deliveries die with the connection).
                    if (!tx.isInDoubt()) {
                        tx.rolledBack();
                    }
                }
                killer.join();
            }
        }
        try (ChildBroker broker = ChildBroker.start(dir);
                DeliveryClient c = DeliveryClient.connect(broker.port())) {
            int before = committed;
            work(c, 3_000);
            List<String> results = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                Produce.fetchAll(c.frames(), "out", p).stream()
                        .map(Batches.Fetched::value)
                        .forEach(results::add);
            }
            Set<String> expected = new HashSet<>();
            IntStream.range(0, INPUTS).forEach(i -> expected.add("r-m-" + i));
            System.out.printf(
                    "%d kills, %d commits answered (%d after the last kill), %d in doubt resolved as applied,"
                            + " %d as rolled back%n",
                    CYCLES, committed, committed - before, resolvedApplied, resolvedRolledBack);
            assertThat(results).doesNotHaveDuplicates();
            assertThat(new HashSet<>(results)).isEqualTo(expected);
            assertThat(c.receiveAll(500)).as("inputs left over").isEmpty();
        }
    }

    /**
     * Resolves a commit in doubt, then consumes, produces and commits until the connection breaks
     * or, with a finite {@code idleMs}, until no input arrives for that long.
     *
     */
    private void work(DeliveryClient c, long idleMs) throws IOException {
        if (tx.isInDoubt()) {
            FrameClient.Response r = tx.commit(c.frames());
            if (r.error() == ErrorCode.NONE) {
                assertThat(r.read(CommitTransactionResponse::read).duplicate()).isTrue();
                resolvedApplied++;
            } else {
                assertThat(r.error()).isEqualTo(ErrorCode.TRANSACTION_ROLLED_BACK);
                resolvedRolledBack++;
            }
        }
        c.createConsumer(DeliveryClient.queueConsumer(1, "in", CREDIT));
        long idleSince = System.nanoTime();
        while (true) {
            List<Received> in = c.receiveSome(200);
            if (in.isEmpty()) {
                if (System.nanoTime() - idleSince > TimeUnit.MILLISECONDS.toNanos(idleMs)) {
                    return;
                }
                continue;
            }
            idleSince = System.nanoTime();
            for (Received m : in) {
                int index = Integer.parseInt(m.text().substring(2));
                tx.send("out", index % PARTITIONS, "r-" + m.text());
            }
            tx.ack(in);
            FrameClient.Response r = tx.commit(c.frames());
            assertThat(r.error()).as("%s", r.header().errorMessage()).isEqualTo(ErrorCode.NONE);
            committed++;
            c.flow(1, in.size());
        }
    }
}
