package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordConsumerTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static List<String> values(List<ConsumerRecord> records) {
        List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        return values;
    }

    @Test
    void pollFollowsAssignedPartitionsFromTheirOffsetsAndSeekMovesThem() throws Exception {
        FakeBroker broker = FakeBroker.start();
        toClose.add(broker);
        broker.createTopic("t", 2);
        SluiceClient client = SluiceClient.connect(broker.clientConfig().build());
        toClose.add(client);
        RecordProducer producer =
                client.createProducer(ProducerConfig.builder().lingerMs(0).build());
        for (int i = 0; i < 10; i++) {
            producer.send("t", i % 2, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        producer.flush();

        RecordConsumer consumer = client.createConsumer(ConsumerConfig.defaults());
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        consumer.assign(p0, 1);
        consumer.assign(p1, RecordConsumer.EARLIEST);

        List<ConsumerRecord> all = new ArrayList<>();
        while (all.size() < 8) {
            all.addAll(consumer.poll(Duration.ofSeconds(5)));
        }
        List<String> fromP0 =
                values(all.stream().filter(r -> r.partition() == 0).toList());
        List<String> fromP1 =
                values(all.stream().filter(r -> r.partition() == 1).toList());
        assertThat(fromP0).containsExactly("v2", "v4", "v6", "v8");
        assertThat(fromP1).containsExactly("v1", "v3", "v5", "v7", "v9");
        assertThat(consumer.position(p0)).isEqualTo(5);

        consumer.seek(p0, 4);
        consumer.unassign(p1);
        assertThat(values(consumer.poll(Duration.ofSeconds(5)))).containsExactly("v8");
        assertThat(consumer.poll(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void assigningFromACallbackDoesNotWaitForItself() throws Exception {
        FakeBroker broker = FakeBroker.start();
        toClose.add(broker);
        broker.createTopic("t", 1);
        SluiceClient client = SluiceClient.connect(broker.clientConfig().build());
        toClose.add(client);
        RecordConsumer consumer = client.createConsumer(ConsumerConfig.defaults());
        TopicPartition tp = new TopicPartition("t", 0);
        long position = client.admin()
                .metadata(null)
                .thenApply(m -> {
                    consumer.assign(tp, RecordConsumer.LATEST);
                    return consumer.position(tp);
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(position).isZero();
    }

    @Test
    void partitionErrorsAreThrownWithTheirCode() throws Exception {
        FakeBroker broker = FakeBroker.start();
        toClose.add(broker);
        SluiceClient client = SluiceClient.connect(broker.clientConfig().build());
        toClose.add(client);
        RecordConsumer consumer = client.createConsumer(ConsumerConfig.defaults());
        assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class);
        consumer.assign(new TopicPartition("missing", 0), 0);
        assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                .isInstanceOf(SluiceClientException.class)
                .extracting(e -> ((SluiceClientException) e).error())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
        consumer.close();
        assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10))).hasMessageContaining("closed");
    }
}
