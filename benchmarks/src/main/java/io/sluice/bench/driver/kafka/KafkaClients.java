package io.sluice.bench.driver.kafka;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.driver.SendCallback;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.SendMode;
import io.sluice.bench.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A log workload's Kafka clients: the topic ({@code partitions}, replication factor 1), one
 * {@link KafkaProducer} per producer ({@code acks=all}, {@code enable.idempotence=true}, other
 * settings default) and, per subscription, a consumer group {@code bench-group-N} of {@code
 * consumers} {@link KafkaConsumer}s each polling on its own thread from the earliest offset.
 * Workload properties starting with {@code kafka.producer.} or {@code kafka.consumer.} override
 * client settings.
 *
 * <p>Thread-safe for the runner's calls; each consumer is confined to its poll thread.
 */
final class KafkaClients implements WorkloadClients {
    static final Duration GROUP_JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final Workload workload;
    private final List<Thread> pollers = new CopyOnWriteArrayList<>();
    private final List<KafkaConsumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();
    // Set by close(), read by every poll loop.
    private volatile boolean closing;

    KafkaClients(String bootstrap, Workload workload) {
        this.bootstrap = bootstrap;
        this.workload = workload;
    }

    @Override
    public void startConsumers(MessageSink sink) throws Exception {
        createTopic();
        int groups = workload.consumers() == 0 ? 0 : Math.max(1, workload.subscriptions());
        List<AtomicInteger> assigned = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            AtomicInteger partitions = new AtomicInteger();
            assigned.add(partitions);
            for (int c = 0; c < workload.consumers(); c++) {
                startConsumer("bench-group-" + g, c, partitions, sink);
            }
        }
        long deadline = System.nanoTime() + GROUP_JOIN_TIMEOUT.toNanos();
        for (AtomicInteger partitions : assigned) {
            while (partitions.get() < workload.partitions()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer group was assigned " + partitions.get() + " of "
                            + workload.partitions() + " partitions within " + GROUP_JOIN_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    private void createTopic() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(workload.destinationName(), workload.partitions(), (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void startConsumer(String group, int index, AtomicInteger assigned, MessageSink sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + index);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(overrides("kafka.consumer."));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        consumers.add(consumer);
        consumer.subscribe(List.of(workload.destinationName()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned.addAndGet(-partitions.size());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.addAndGet(partitions.size());
            }
        });
        Thread t = new Thread(() -> poll(consumer, sink), "kafka-consumer-" + group + "-" + index);
        t.setDaemon(true);
        pollers.add(t);
        t.start();
    }

    private void poll(KafkaConsumer<byte[], byte[]> consumer, MessageSink sink) {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    sink.onMessage(r.value());
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop it.
        } catch (RuntimeException e) {
            if (!closing) {
                sink.onConsumerFailure(e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public BenchProducer createProducer(int index) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer-" + index);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(overrides("kafka.producer."));
        return new Producer(new KafkaProducer<>(p), workload.destinationName(), workload.sendMode());
    }

    private Map<String, String> overrides(String prefix) {
        Map<String, String> result = new java.util.HashMap<>();
        workload.properties().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        for (KafkaConsumer<byte[], byte[]> c : consumers) {
            c.wakeup();
        }
        for (Thread t : pollers) {
            t.join(10_000);
        }
    }

    /**
     * One Kafka producer. {@code KafkaProducer.send} serializes the value into its batch buffer
     * before returning, so the runner may reuse the body.
     *
     * <p>Not thread-safe; confined to its runner thread.
     */
    private static final class Producer implements BenchProducer {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final boolean sync;

        Producer(KafkaProducer<byte[], byte[]> producer, String topic, SendMode mode) {
            this.producer = producer;
            this.topic = topic;
            this.sync = mode == SendMode.SYNC;
        }

        @Override
        public void send(byte[] body, SendCallback callback) {
            try {
                var future = producer.send(new ProducerRecord<>(topic, body), (metadata, error) -> {
                    if (error == null) {
                        callback.onComplete();
                    } else {
                        callback.onFailure(error);
                    }
                });
                if (sync) {
                    future.get();
                }
            } catch (ExecutionException e) {
                // The send callback has already reported the failure.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                callback.onFailure(e);
            }
        }

        /** Sends what the producer is still lingering on at once. */
        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
