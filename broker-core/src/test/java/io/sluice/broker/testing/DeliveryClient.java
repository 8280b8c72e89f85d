package io.sluice.broker.testing;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.FlowRequest;
import io.sluice.protocol.api.FlowResponse;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Record;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame-level JMS-ish client for delivery integration tests: consumers, credit, pushes and
 * acknowledgements over a {@link FrameClient}. One thread; blocking.
 *
 * <p>Not thread-safe.
 */
public final class DeliveryClient implements AutoCloseable {
    private final FrameClient frames;
    /** Messages received for other consumers than the one a caller waited for. */
    private final List<Received> pending = new ArrayList<>();

    private long producerId = -1;
    private int nextSequence;

    private DeliveryClient(FrameClient frames) {
        this.frames = frames;
    }

    public static DeliveryClient connect(int port) throws IOException {
        return new DeliveryClient(FrameClient.connect(port, null, null));
    }

    public static DeliveryClient connect(int port, String clientId) throws IOException {
        DeliveryClient c = connect(port);
        c.frames.call(ApiKey.SET_CLIENT_ID, new SetClientIdRequest(clientId), Empty::read);
        return c;
    }

    /** A connection authenticated as {@code username}, with {@code clientId} set unless null. */
    public static DeliveryClient connect(int port, String username, String password, String clientId)
            throws IOException {
        DeliveryClient c = new DeliveryClient(FrameClient.connect(port, username, password));
        if (clientId != null) {
            c.frames.call(ApiKey.SET_CLIENT_ID, new SetClientIdRequest(clientId), Empty::read);
        }
        return c;
    }

    public FrameClient frames() {
        return frames;
    }

    /** A message as a consumer received it. */
    public record Received(
            int consumerId,
            long deliveryId,
            int partition,
            int deliveryCount,
            long offset,
            String text,
            JmsMetadata metadata) {
        public boolean redelivered() {
            return deliveryCount > 1;
        }

        @Override
        public String toString() {
            return text + "(consumer " + consumerId + ", id " + deliveryId + ", count " + deliveryCount + ")";
        }
    }

    // ---- destinations and consumers ----

    public ResolveDestinationResponse resolve(String name, DestinationKind kind) throws IOException {
        return frames.call(
                ApiKey.RESOLVE_DESTINATION,
                new ResolveDestinationRequest(name, kind, true),
                ResolveDestinationResponse::read);
    }

    public FrameClient.Response createConsumerRaw(CreateConsumerRequest request) throws IOException {
        return frames.request(ApiKey.CREATE_CONSUMER, request);
    }

    public void createConsumer(CreateConsumerRequest request) throws IOException {
        FrameClient.Response r = createConsumerRaw(request);
        if (r.error() != ErrorCode.NONE) {
            throw new AssertionError(
                    "CREATE_CONSUMER failed: " + r.error() + " " + r.header().errorMessage());
        }
    }

    public static CreateConsumerRequest queueConsumer(int id, String queue, int credit) {
        return new CreateConsumerRequest(
                id, queue, DestinationKind.QUEUE, SubscriptionType.QUEUE, null, null, false, credit, true);
    }

    public static CreateConsumerRequest queueConsumer(int id, String queue, String selector, int credit) {
        return new CreateConsumerRequest(
                id, queue, DestinationKind.QUEUE, SubscriptionType.QUEUE, null, selector, false, credit, true);
    }

    public static CreateConsumerRequest topicConsumer(int id, String topic, int credit) {
        return topicConsumer(id, topic, SubscriptionType.NON_DURABLE, null, null, false, credit);
    }

    public static CreateConsumerRequest topicConsumer(
            int id, String topic, SubscriptionType type, String name, String selector, boolean noLocal, int credit) {
        return new CreateConsumerRequest(id, topic, DestinationKind.TOPIC, type, name, selector, noLocal, credit, true);
    }

    public void closeConsumer(int id) throws IOException {
        frames.call(ApiKey.CLOSE_CONSUMER, new CloseConsumerRequest(id), Empty::read);
    }

    public void flow(int consumerId, int credit) throws IOException {
        frames.sendOneWay(ApiKey.FLOW, new FlowRequest(consumerId, credit, false));
    }

    /** Sends a drain; returns the response's count after collecting the pushes that preceded it. */
    public int drain(int consumerId, int credit, List<Received> into) throws IOException {
        int id = frames.send(ApiKey.FLOW, new FlowRequest(consumerId, credit, true));
        FrameClient.Response response = frames.awaitResponse(id);
        FrameClient.Response push;
        while ((push = frames.nextPushIfBuffered()) != null) {
            into.addAll(decode(push));
        }
        return response.read(FlowResponse::read).delivered();
    }

    // ---- receiving ----

    /** Receives exactly {@code n} messages (failing after {@code timeoutMs} without progress). */
    public List<Received> receive(int n, int timeoutMs) throws IOException {
        return receive(-1, n, timeoutMs);
    }

    /**
     * Receives exactly {@code n} messages for one consumer ({@code -1}: any), keeping those of other
     * consumers for later calls.
     */
    public List<Received> receive(int consumerId, int n, int timeoutMs) throws IOException {
        List<Received> out = new ArrayList<>();
        takePending(consumerId, out);
        while (out.size() < n) {
            FrameClient.Response push = frames.nextPush(timeoutMs);
            if (push == null) {
                throw new AssertionError("received " + out.size() + " of " + n + " messages: " + out);
            }
            pending.addAll(decode(push));
            takePending(consumerId, out);
        }
        if (out.size() > n) {
            throw new AssertionError("received " + out.size() + " messages, expected " + n + ": " + out);
        }
        return out;
    }

    private void takePending(int consumerId, List<Received> out) {
        for (var it = pending.iterator(); it.hasNext(); ) {
            Received r = it.next();
            if (consumerId < 0 || r.consumerId() == consumerId) {
                out.add(r);
                it.remove();
            }
        }
    }

    /**
     * The messages received so far and not taken yet, waiting up to {@code timeoutMs} for one push
     * if there are none; empty if nothing came.
     */
    public List<Received> receiveSome(int timeoutMs) throws IOException {
        List<Received> out = new ArrayList<>(pending);
        pending.clear();
        if (out.isEmpty()) {
            FrameClient.Response push = frames.nextPush(timeoutMs);
            if (push != null) {
                out.addAll(decode(push));
            }
        }
        FrameClient.Response more;
        while ((more = frames.nextPushIfBuffered()) != null) {
            out.addAll(decode(more));
        }
        return out;
    }

    /** Everything pushed until nothing arrives for {@code quietMs} (and anything kept before). */
    public List<Received> receiveAll(int quietMs) throws IOException {
        List<Received> out = new ArrayList<>(pending);
        pending.clear();
        FrameClient.Response push;
        while ((push = frames.nextPush(quietMs)) != null) {
            out.addAll(decode(push));
        }
        return out;
    }

    private static List<Received> decode(FrameClient.Response push) {
        DeliverPush p = push.read(DeliverPush::read);
        List<Received> out = new ArrayList<>();
        for (DeliverPush.Delivery d : p.messages()) {
            ByteBuf bytes = d.record().duplicate();
            Record r = Record.readFrom(bytes, d.batchBaseOffset(), d.batchFirstTimestamp());
            ByteBuf jms = r.header(JmsMetadata.HEADER_KEY);
            out.add(new Received(
                    p.consumerId(),
                    d.deliveryId(),
                    d.partition(),
                    d.deliveryCount(),
                    r.offset(),
                    r.value() == null ? null : r.value().toString(StandardCharsets.UTF_8),
                    jms == null ? null : JmsMetadata.decode(jms)));
        }
        return out;
    }

    // ---- settling ----

    public void ack(AckType type, List<Received> messages) throws IOException {
        frames.sendOneWay(ApiKey.ACK, new AckRequest(type, ranges(messages)));
    }

    /** An ACK sent as a request; returns once the broker answered (the outcome is durable). */
    public FrameClient.Response ackAndWait(AckType type, List<Received> messages) throws IOException {
        return frames.request(ApiKey.ACK, new AckRequest(type, ranges(messages)));
    }

    private static List<AckRequest.Range> ranges(List<Received> messages) {
        List<AckRequest.Range> ranges = new ArrayList<>();
        for (Received m : messages) {
            ranges.add(new AckRequest.Range(m.deliveryId(), m.deliveryId()));
        }
        return ranges;
    }

    // ---- producing ----

    /** Produces durably, without a producer id. */
    public void send(String topic, int partition, List<JmsRecords.Msg> messages) throws IOException {
        produce(topic, partition, JmsRecords.batch(System.currentTimeMillis(), messages));
    }

    /** Produces durably as this connection's idempotent producer (noLocal can recognise it). */
    public void sendAsProducer(String topic, int partition, List<JmsRecords.Msg> messages) throws IOException {
        if (producerId < 0) {
            producerId = frames.call(
                            ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .producerId();
        }
        produce(
                topic,
                partition,
                JmsRecords.batch(producerId, (short) 0, nextSequence, System.currentTimeMillis(), messages));
        nextSequence += messages.size();
    }

    private void produce(String topic, int partition, ByteBuf batch) throws IOException {
        ProduceResponse response = frames.call(
                ApiKey.PRODUCE,
                new ProduceRequest(
                        Durability.DURABLE,
                        10_000,
                        List.of(new ProduceRequest.TopicData(
                                topic, List.of(new ProduceRequest.PartitionData(partition, batch))))),
                ProduceResponse::read);
        ProduceResponse.PartitionResult result =
                response.topics().get(0).partitions().get(0);
        if (result.error() != ErrorCode.NONE) {
            throw new AssertionError("produce failed: " + result.error() + " " + result.errorMessage());
        }
    }

    @Override
    public void close() throws IOException {
        frames.close();
    }
}
