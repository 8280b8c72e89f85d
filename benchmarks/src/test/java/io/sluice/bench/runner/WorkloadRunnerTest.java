package io.sluice.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.measure.NanoClock;
import io.sluice.bench.result.HeapPoint;
import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkloadRunnerTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final WorkloadRunner runner = new WorkloadRunner(
            NanoClock.SYSTEM,
            new ProgressLine(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC(), 1));

    private static Workload workload(String json) {
        return WorkloadFile.parse(
                        "{\"title\": \"t\", \"comparisons\": {\"jms\": {\"subject\": \"s\", \"peers\": []}},"
                                + " \"workloads\": [" + json + "]}",
                        "test")
                .workloads()
                .get(0);
    }

    @Test
    void throughputMeasuresTheRateAfterWarmUpAndPrintsProgress() {
        Workload w =
                workload("{\"name\": \"t\", \"api\": \"jms\", \"destination\": {\"type\": \"topic\", \"name\": \"t\"},"
                        + " \"subscriptions\": 2, \"targetRate\": 400, \"warmupSeconds\": 1, \"durationSeconds\": 2}");
        WorkloadResult r = runner.run(w, "mem", "Memory", new InMemorySystem());
        assertThat(r.outcome()).isEqualTo(Outcome.MEASURED);
        assertThat(r.sendMessagesPerSecond()).isBetween(300.0, 500.0);
        assertThat(r.receiveMessagesPerSecond()).isBetween(600.0, 1000.0);
        assertThat(r.endToEnd().count()).isPositive();
        assertThat(r.publish().count()).isPositive();
        assertThat(r.brokerCpuCores()).isPresent();
        assertThat(r.brokerLiveHeapBytes()).isPresent();
        assertThat(r.failures()).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("mem | t | measure");
    }

    @Test
    void backlogHeapMeasuresEachCheckpoint() {
        Workload w = workload("{\"name\": \"b\", \"api\": \"jms\", \"mode\": \"backlog-heap\", \"consumers\": 0,"
                + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}, \"backlogCheckpoints\": [10, 500]}");
        WorkloadResult r = runner.run(w, "mem", "Memory", new InMemorySystem());
        assertThat(r.outcome()).isEqualTo(Outcome.MEASURED);
        assertThat(r.backlogHeap())
                .containsExactly(
                        new HeapPoint(0, 1_000_000), new HeapPoint(10, 1_001_000), new HeapPoint(500, 1_050_000));
        assertThat(r.sent()).isEqualTo(500);
    }

    @Test
    void drainConsumesTheWholeBacklog() {
        Workload w = workload("{\"name\": \"d\", \"api\": \"jms\", \"mode\": \"drain\", \"backlogMessages\": 2000,"
                + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}, \"durationSeconds\": 20}");
        WorkloadResult r = runner.run(w, "mem", "Memory", new InMemorySystem());
        assertThat(r.outcome()).isEqualTo(Outcome.MEASURED);
        assertThat(r.sent()).isEqualTo(2000);
        assertThat(r.received()).isEqualTo(2000);
        assertThat(r.receiveMessagesPerSecond()).isPositive();
        assertThat(r.note()).contains("backlog of 2,000 messages");
    }

    @Test
    void transactedProducersCompleteTheirLastPartialTransaction() {
        InMemorySystem sut = new InMemorySystem();
        Workload w = workload("{\"name\": \"x\", \"api\": \"jms\", \"mode\": \"backlog-heap\", \"consumers\": 0,"
                + " \"acknowledgeMode\": \"transacted\", \"transactionSize\": 7, \"sendMode\": \"sync\","
                + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}, \"backlogCheckpoints\": [10]}");
        WorkloadResult r = runner.run(w, "mem", "Memory", sut);
        assertThat(r.outcome()).isEqualTo(Outcome.MEASURED);
        assertThat(r.sent()).isEqualTo(10);
    }

    @Test
    void failingSendsEndAFillWithTheCause() {
        InMemorySystem sut = new InMemorySystem();
        sut.failSends = true;
        Workload w = workload("{\"name\": \"f\", \"api\": \"jms\", \"mode\": \"backlog-heap\", \"consumers\": 0,"
                + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}, \"backlogCheckpoints\": [10]}");
        WorkloadResult r = runner.run(w, "mem", "Memory", sut);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.note()).contains("sends failed while filling").contains("broker refused");
    }
}
