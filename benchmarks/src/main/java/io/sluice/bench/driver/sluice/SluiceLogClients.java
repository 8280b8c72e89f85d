package io.sluice.bench.driver.sluice;

import io.sluice.bench.driver.BenchProducer;
import io.sluice.bench.driver.MessageSink;
import io.sluice.bench.driver.SendCallback;
import io.sluice.bench.driver.WorkloadClients;
import io.sluice.bench.workload.SendMode;
import io.sluice.bench.workload.Workload;
import io.sluice.client.ClientConfig;
import io.sluice.client.ConsumerConfig;
import io.sluice.client.ConsumerRecord;
import io.sluice.client.ProducerConfig;
import io.sluice.client.RecordConsumer;
import io.sluice.client.RecordMetadata;
import io.sluice.client.RecordProducer;
import io.sluice.client.SluiceClient;
import io.sluice.client.SluiceClientException;
import io.sluice.client.TopicPartition;
import io.sluice.protocol.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A log workload's Sluice clients: the topic ({@code partitions}, broker defaults), one {@link
 * RecordProducer} per producer, each on its own connection (idempotent, durability {@code DURABLE},
 * records without key, so the producer fills one partition's batch at a time) and, per
 * subscription, {@code consumers} {@link RecordConsumer}s, each on its own connection and polling
 * on its own thread. The native client has no consumer groups: consumer {@code c} of a
 * subscription is assigned the partitions {@code p} with {@code p % consumers == c} from the
 * earliest offset, which is what a group of that many members reading a new topic from the earliest
 * offset is given. Workload properties {@code sluice.producer.*} and {@code sluice.consumer.*} set
 * {@link ProducerConfig} and {@link ConsumerConfig} keys (e.g. {@code sluice.producer.lingerMs}).
 *
 * <p>Thread-safe for the runner's calls; each consumer is confined to its poll thread.
 */
final class SluiceLogClients implements WorkloadClients {
    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Workload workload;
    private final List<SluiceClient> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> pollers = new CopyOnWriteArrayList<>();
    // Set by close(), read by every poll loop.
    private volatile boolean closing;
    // Guarded by this: producers of a drain start before the consumers, and either creates the topic.
    private boolean topicCreated;

    SluiceLogClients(int port, Workload workload) {
        this.port = port;
        this.workload = workload;
    }

    @Override
    public void startConsumers(MessageSink sink) throws Exception {
        createTopic();
        int subscriptions = workload.consumers() == 0 ? 0 : Math.max(1, workload.subscriptions());
        int consumers = subscriptions * workload.consumers();
        CountDownLatch assigned = new CountDownLatch(consumers);
        for (int s = 0; s < subscriptions; s++) {
            for (int c = 0; c < workload.consumers(); c++) {
                startConsumer(s, c, assigned, sink);
            }
        }
        if (!assigned.await(ASSIGN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(assigned.getCount() + " of " + consumers
                    + " consumers were not assigned their partitions within " + ASSIGN_TIMEOUT);
        }
    }

    private SluiceClient connect(String clientId) {
        SluiceClient client = SluiceClient.connect(ClientConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .clientId(clientId)
                .build());
        connections.add(client);
        return client;
    }

    /** Creates the topic once; a drain's producers start before its consumers. */
    private synchronized void createTopic() {
        if (topicCreated) {
            return;
        }
        topicCreated = true;
        SluiceClient admin = connect("bench-admin");
        try {
            admin.admin()
                    .createTopic(workload.destinationName(), workload.partitions(), Map.of())
                    .join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof SluiceClientException s && s.error() == ErrorCode.TOPIC_ALREADY_EXISTS)) {
                throw e;
            }
        }
    }

    private void startConsumer(int subscription, int index, CountDownLatch assigned, MessageSink sink) {
        String name = "bench-group-" + subscription + "-" + index;
        SluiceClient client = connect(name);
        RecordConsumer consumer = client.createConsumer(ConsumerConfig.fromProperties(settings("sluice.consumer.")));
        for (int p = index; p < workload.partitions(); p += workload.consumers()) {
            consumer.assign(new TopicPartition(workload.destinationName(), p), RecordConsumer.EARLIEST);
        }
        assigned.countDown();
        if (consumer.assignment().isEmpty()) {
            // More consumers than partitions: this one stays idle, as a group member without a partition.
            return;
        }
        Thread t = new Thread(() -> poll(consumer, sink), "sluice-consumer-" + name);
        t.setDaemon(true);
        pollers.add(t);
        t.start();
    }

    private void poll(RecordConsumer consumer, MessageSink sink) {
        try {
            while (!closing) {
                for (ConsumerRecord r : consumer.poll(POLL_TIMEOUT)) {
                    sink.onMessage(r.value());
                }
            }
        } catch (RuntimeException e) {
            if (!closing) {
                sink.onConsumerFailure(e);
            }
        } finally {
            consumer.close();
        }
    }

    @Override
    public BenchProducer createProducer(int index) {
        createTopic();
        SluiceClient client = connect("bench-producer-" + index);
        RecordProducer producer = client.createProducer(ProducerConfig.fromProperties(settings("sluice.producer.")));
        return new Producer(producer, workload.destinationName(), workload.sendMode());
    }

    /** Workload properties starting with {@code prefix}, without it. */
    private Properties settings(String prefix) {
        Properties result = new Properties();
        workload.properties().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.setProperty(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        for (Thread t : pollers) {
            t.join(10_000);
        }
        for (SluiceClient c : connections) {
            c.close();
        }
    }

    /**
     * One native producer. {@code RecordProducer.send} copies the value into its batch before
     * returning, so the runner may reuse the body.
     *
     * <p>Not thread-safe; confined to its runner thread.
     */
    private static final class Producer implements BenchProducer {
        private final RecordProducer producer;
        private final String topic;
        private final boolean sync;

        Producer(RecordProducer producer, String topic, SendMode mode) {
            this.producer = producer;
            this.topic = topic;
            this.sync = mode == SendMode.SYNC;
        }

        @Override
        public void send(byte[] body, SendCallback callback) {
            CompletableFuture<RecordMetadata> future;
            try {
                future = producer.send(topic, null, null, body);
            } catch (RuntimeException e) {
                callback.onFailure(e);
                return;
            }
            BiConsumer<RecordMetadata, Throwable> done = (metadata, error) -> {
                if (error == null) {
                    callback.onComplete();
                } else {
                    callback.onFailure(error instanceof CompletionException c ? c.getCause() : error);
                }
            };
            future.whenComplete(done);
            if (sync) {
                try {
                    future.join();
                } catch (CompletionException e) {
                    // The callback has reported the failure.
                }
            }
        }

        /** Sends what the producer is still lingering on at once and waits for the answers. */
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
