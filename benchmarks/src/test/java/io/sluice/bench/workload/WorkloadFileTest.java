package io.sluice.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkloadFileTest {
    private static final String COMPARISONS =
            "\"comparisons\": {\"jms\": {\"subject\": \"sluice-jms\", \"peers\": [\"artemis-default\"]}}";

    private static WorkloadSuite parse(String workloads) {
        return WorkloadFile.parse(
                "{\"title\": \"t\", " + COMPARISONS + ", \"workloads\": [" + workloads + "]}", "test.json");
    }

    @Test
    void readsEveryFieldAndAppliesDefaults() {
        WorkloadSuite suite = WorkloadFile.parse("""
                // comments are allowed
                {
                  "title": "Suite",
                  "comparisons": {"jms": {"subject": "sluice-jms", "subjectName": "Sluice JMS", "peers": ["a", "b"]}},
                  "machineLimits": {"roundTrips": 500, "fsyncSamples": 50, "seqWriteMb": 16, "chunkKb": 64,
                                    "forceEveryKb": [0, 64]},
                  "defaults": {"api": "jms", "messageBytes": 512, "warmupSeconds": 2},
                  "workloads": [{
                    "name": "t1", "title": "Topic test",
                    "destination": {"type": "topic", "name": "bench.t", "partitions": 3},
                    "producers": 2, "consumers": 1, "subscriptions": 4, "durable": false,
                    "targetRate": 5000, "deliveryMode": "non-persistent", "sendMode": "sync",
                    "acknowledgeMode": "transacted", "transactionSize": 10, "maxOutstandingSends": 7,
                    "durationSeconds": 9, "properties": {"kafka.producer.linger.ms": 1}
                  }]
                }
                """, "inline");
        Workload w = suite.workloads().get(0);
        assertThat(w.api()).isEqualTo(Api.JMS);
        assertThat(w.mode()).isEqualTo(WorkloadMode.THROUGHPUT);
        assertThat(w.destinationType()).isEqualTo(DestinationType.TOPIC);
        assertThat(w.partitions()).isEqualTo(3);
        assertThat(w.producers()).isEqualTo(2);
        assertThat(w.subscriptions()).isEqualTo(4);
        assertThat(w.durableSubscriptions()).isFalse();
        assertThat(w.messageBytes()).isEqualTo(512);
        assertThat(w.targetRatePerSecond()).isEqualTo(5000);
        assertThat(w.deliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(w.sendMode()).isEqualTo(SendMode.SYNC);
        assertThat(w.ackMode()).isEqualTo(AckMode.TRANSACTED);
        assertThat(w.transactionSize()).isEqualTo(10);
        assertThat(w.maxOutstandingSends()).isEqualTo(7);
        assertThat(w.warmupSeconds()).isEqualTo(2);
        assertThat(w.durationSeconds()).isEqualTo(9);
        assertThat(w.properties()).containsEntry("kafka.producer.linger.ms", "1");
        assertThat(w.deliveriesPerMessage()).isEqualTo(4);
        assertThat(suite.comparisonFor(w).subjectName()).isEqualTo("Sluice JMS");
        assertThat(suite.comparisonFor(w).peers()).containsExactly("a", "b");
        assertThat(suite.machineLimits()).hasValueSatisfying(l -> {
            assertThat(l.roundTrips()).isEqualTo(500);
            assertThat(l.forceEveryKb()).containsExactly(0, 64);
        });
    }

    @Test
    void bundledSuitesAreValid() {
        WorkloadSuite standard = WorkloadFile.readResource("standard.json");
        assertThat(standard.workloads()).extracting(Workload::name).contains("queue-persistent-async", "backlog-heap");
        assertThat(standard.workloads())
                .filteredOn(w -> w.name().equals("backlog-heap"))
                .singleElement()
                .satisfies(w -> assertThat(w.backlogCheckpoints()).containsExactly(1_000L, 10_000_000L));
        assertThat(WorkloadFile.readResource("smoke.json").workloads()).isNotEmpty();
    }

    @Test
    void maxRateIsZero() {
        Workload w = parse(
                        "{\"name\": \"q\", \"api\": \"jms\", \"destination\": {\"type\": \"queue\", \"name\": \"q\"},"
                                + " \"targetRate\": \"max\"}")
                .workloads()
                .get(0);
        assertThat(w.isMaxRate()).isTrue();
        assertThat(w.title()).isEqualTo("q");
    }

    @Test
    void rejectsUnknownFieldsByName() {
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"producer\": 1,"
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .isInstanceOf(InvalidWorkloadException.class)
                .hasMessageContaining("unknown field 'producer'")
                .hasMessageContaining("producers");
    }

    @Test
    void rejectsWrongTypesAndValues() {
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"producers\": \"two\","
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("producers must be an integer");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"deliveryMode\": \"sometimes\","
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("'sometimes' is not a DeliveryMode")
                .hasMessageContaining("non-persistent");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"messageBytes\": 4,"
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("workload 'q': messageBytes must be 8..");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"targetRate\": 1.5,"
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("targetRate must be \"max\" or messages per second");
        assertThatThrownBy(() -> WorkloadFile.parse("{not json", "broken.json"))
                .hasMessageStartingWith("broken.json is not valid JSON");
    }

    @Test
    void rejectsCombinationsThatCannotRun() {
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"acknowledgeMode\": \"transacted\","
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("transactionSize must be > 0 exactly when acknowledgeMode is TRANSACTED");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"subscriptions\": 2,"
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("subscriptions apply to topics only");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"jms\", \"mode\": \"backlog-heap\","
                        + " \"consumers\": 0, \"backlogCheckpoints\": [10, 5],"
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("positive and ascending");
        assertThatThrownBy(
                        () -> parse("{\"name\": \"q\", \"api\": \"jms\", \"mode\": \"drain\", \"backlogMessages\": 5,"
                                + " \"destination\": {\"type\": \"topic\", \"name\": \"t\"}}"))
                .hasMessageContaining("a JMS DRAIN workload needs a queue");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"log\", \"deliveryMode\": \"non-persistent\","
                        + " \"destination\": {\"type\": \"topic\", \"name\": \"t\"}}"))
                .hasMessageContaining("the log API has no NON_PERSISTENT mode");
        assertThatThrownBy(() -> parse("{\"name\": \"q\", \"api\": \"log\","
                        + " \"destination\": {\"type\": \"topic\", \"name\": \"t\"}}"))
                .hasMessageContaining("no comparison for LOG");
        assertThatThrownBy(() -> parse("{\"name\": \"Bad Name\", \"api\": \"jms\","
                        + " \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("workload name must be");
        assertThatThrownBy(
                        () -> parse(
                                "{\"name\": \"a\", \"api\": \"jms\", \"destination\": {\"type\": \"queue\", \"name\": \"q\"}},"
                                        + "{\"name\": \"a\", \"api\": \"jms\", \"destination\": {\"type\": \"queue\", \"name\": \"q\"}}"))
                .hasMessageContaining("two workloads with the same name");
    }

    @Test
    void onlyKeepsNamedWorkloadsAndRejectsUnknownNames() {
        WorkloadSuite suite = WorkloadFile.readResource("standard.json");
        assertThat(suite.only(List.of("latency-5k")).workloads())
                .extracting(Workload::name)
                .containsExactly("latency-5k");
        assertThatThrownBy(() -> suite.only(List.of("nope"))).hasMessageContaining("no workload 'nope'");
    }

    @Test
    void scalingKeepsCheckpointsPositiveAndDistinct() {
        Workload w = WorkloadFile.readResource("standard.json")
                .only(List.of("backlog-heap"))
                .workloads()
                .get(0);
        assertThat(w.withBacklogScaled(0.0001).backlogCheckpoints()).containsExactly(1L, 1_000L);
        assertThat(w.withTimes(1, 2).durationSeconds()).isEqualTo(2);
    }
}
