package io.sluice.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.broker.testing.Batches;
import io.sluice.broker.testing.FrameClient;
import io.sluice.broker.testing.Produce;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceResponse.PartitionResult;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent producers over real TCP: duplicates, gaps, fencing, unknown ids, restarts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdempotentProduceIT {
    @TempDir
    Path dataDir;

    private SluiceBroker start() {
        return SluiceBroker.start(BrokerConfig.forTesting(dataDir).build());
    }

    private static InitProducerIdResponse init(FrameClient c, String name) throws IOException {
        return c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(name), InitProducerIdResponse::read);
    }

    @Test
    void duplicateGapFencingAndUnknownIds() throws IOException {
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("payments", 2, Map.of()), b -> b);
            InitProducerIdResponse p = init(c, null);
            long pid = p.producerId();
            short epoch = p.producerEpoch();

            PartitionResult first = Produce.send(c, "payments", 1, Batches.idempotent(pid, epoch, 0, 1L, "a", "b"));
            assertThat(first.error()).isEqualTo(ErrorCode.NONE);
            assertThat(first.baseOffset()).isZero();
            PartitionResult second = Produce.send(c, "payments", 1, Batches.idempotent(pid, epoch, 2, 1L, "c"));
            assertThat(second.baseOffset()).isEqualTo(2);

            PartitionResult resent = Produce.send(c, "payments", 1, Batches.idempotent(pid, epoch, 0, 1L, "a", "b"));
            assertThat(resent.error()).isEqualTo(ErrorCode.NONE);
            assertThat(resent.baseOffset()).isZero();
            assertThat(resent.lastOffset()).isEqualTo(1);
            assertThat(resent.logAppendTimeMs()).isEqualTo(first.logAppendTimeMs());

            PartitionResult gap = Produce.send(c, "payments", 1, Batches.idempotent(pid, epoch, 5, 1L, "f"));
            assertThat(gap.error()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
            assertThat(gap.errorMessage()).contains("expected 3, got 5");

            // Sequences are per partition: partition 0 starts at 0 for the same producer.
            assertThat(Produce.send(c, "payments", 0, Batches.idempotent(pid, epoch, 0, 1L, "x"))
                            .baseOffset())
                    .isZero();
            assertThat(Produce.fetchAll(c, "payments", 1))
                    .extracting(Batches.Fetched::value)
                    .containsExactly("a", "b", "c");

            PartitionResult unknown =
                    Produce.send(c, "payments", 0, Batches.idempotent(pid + 5_000, (short) 0, 0, 1L, "u"));
            assertThat(unknown.error()).isEqualTo(ErrorCode.UNKNOWN_PRODUCER_ID);

            InitProducerIdResponse old = init(c, "ledger");
            InitProducerIdResponse current = init(c, "ledger");
            assertThat(current.producerId()).isEqualTo(old.producerId());
            PartitionResult fenced = Produce.send(
                    c, "payments", 0, Batches.idempotent(old.producerId(), old.producerEpoch(), 0, 1L, "zombie"));
            assertThat(fenced.error()).isEqualTo(ErrorCode.PRODUCER_FENCED);
            assertThat(Produce.send(
                                    c,
                                    "payments",
                                    0,
                                    Batches.idempotent(current.producerId(), current.producerEpoch(), 0, 1L, "live"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
            // Batches without a producer id are accepted without checks.
            assertThat(Produce.send(c, "payments", 0, Batches.plain(1L, "plain"))
                            .error())
                    .isEqualTo(ErrorCode.NONE);
        }
    }

    @Test
    void pipelinedBatchesOfOneProducerAreAppendedInOrder() throws IOException {
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("pipelined", 1, Map.of()), b -> b);
            long pid = init(c, null).producerId();
            // Fifty requests sent before reading any answer: each must find its predecessor appended.
            Map<Integer, Integer> batchByCorrelation = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                int correlationId = c.send(
                        ApiKey.PRODUCE,
                        Produce.request("pipelined", 0, Batches.idempotent(pid, (short) 0, i, 1L, "v" + i)));
                batchByCorrelation.put(correlationId, i);
            }
            for (int i = 0; i < 50; i++) {
                FrameClient.Response response = c.receive();
                PartitionResult r = response.read(io.sluice.protocol.api.ProduceResponse::read)
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0);
                assertThat(r.error()).isEqualTo(ErrorCode.NONE);
                assertThat(r.baseOffset())
                        .isEqualTo(batchByCorrelation
                                .get(response.header().correlationId())
                                .longValue());
            }
        }
    }

    @Test
    void duplicatesAreRecognisedAfterACleanRestart() throws IOException {
        long pid;
        PartitionResult original;
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            c.call(ApiKey.CREATE_TOPIC, new CreateTopicRequest("t", 1, Map.of()), b -> b);
            pid = init(c, null).producerId();
            Produce.send(c, "t", 0, Batches.idempotent(pid, (short) 0, 0, 1L, "a"));
            original = Produce.send(c, "t", 0, Batches.idempotent(pid, (short) 0, 1, 1L, "b", "c"));
        }
        try (SluiceBroker broker = start();
                FrameClient c = FrameClient.connect(broker.port(), null, null)) {
            PartitionResult resent = Produce.send(c, "t", 0, Batches.idempotent(pid, (short) 0, 1, 1L, "b", "c"));
            assertThat(resent.baseOffset()).isEqualTo(original.baseOffset());
            assertThat(resent.lastOffset()).isEqualTo(original.lastOffset());
            assertThat(Produce.send(c, "t", 0, Batches.idempotent(pid, (short) 0, 3, 1L, "d"))
                            .baseOffset())
                    .isEqualTo(3);
            assertThat(Produce.fetchAll(c, "t", 0))
                    .extracting(Batches.Fetched::value)
                    .containsExactly("a", "b", "c", "d");
        }
    }
}
