package io.sluice.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.codec.Frame;
import io.sluice.protocol.codec.FrameDecoder;
import io.sluice.protocol.codec.FrameHeader;
import io.sluice.protocol.codec.FrameWriter;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny in-memory broker for unit tests of the client's state machines: handshake (with optional
 * credentials), heartbeats, metadata, topic creation, idempotent produce with the broker's sequence
 * rules (duplicates among the last five batches answered with the original offsets), fetch and
 * list offsets. Faults are injected per produce request through {@link #produceFault}.
 *
 * <p>All broker state is confined to the server's single event loop; tests read it through the
 * synchronized accessors.
 */
final class FakeBroker implements AutoCloseable {
    /** What to do with one produce request. */
    enum Fault {
        NONE,
        /** Close the connection without appending or answering. */
        DROP_BEFORE,
        /** Append, then close the connection without answering. */
        DROP_AFTER,
        /** Read the request and never answer it. */
        IGNORE
    }

    /** An error to answer for one partition instead of appending. */
    record PartitionFault(ErrorCode error, String message) {}

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, List<PartitionLog>> topics = new LinkedHashMap<>();
    private final AtomicInteger produceRequests = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private long nextProducerId = 1000;
    private final Map<String, long[]> namedProducers = new HashMap<>();
    private long nextConnectionId = 1;

    volatile String requiredUsername;
    volatile String requiredPassword;
    volatile int idleTimeoutMs = 30_000;
    volatile int maxFrameBytes = 8 * 1024 * 1024;
    /** Decides per produce request (numbered from 1) what goes wrong. */
    volatile Function<Integer, Fault> produceFault = n -> Fault.NONE;
    /** Decides per (produce request number, partition) an error answer, or null. */
    volatile java.util.function.BiFunction<Integer, String, PartitionFault> partitionFault = (n, tp) -> null;
    /** Answers of each produce request are held back this long (answers stay in request order). */
    volatile int produceDelayMs;
    /** Answers of DURABLE produce requests are held back this long (they overtake nothing, APPENDED ones overtake them). */
    volatile int durableDelayMs;

    private FakeBroker(int port) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.closeFuture().addListener(f -> clients.remove(ch));
                        ch.pipeline().addLast(new FrameDecoder(64 * 1024 * 1024), new Handler());
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
    }

    static FakeBroker start() throws InterruptedException {
        return new FakeBroker(0);
    }

    /** Starts on a given port (to come back after {@link #close()} on the same address). */
    static FakeBroker startOn(int port) throws InterruptedException {
        return new FakeBroker(port);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    ClientConfig.Builder clientConfig() {
        return ClientConfig.builder()
                .host("127.0.0.1")
                .port(port())
                .connectTimeoutMs(5_000)
                .requestTimeoutMs(5_000)
                .reconnectBackoffMs(20)
                .reconnectBackoffMaxMs(200)
                .reconnectTimeoutMs(10_000);
    }

    synchronized void createTopic(String name, int partitions) {
        List<PartitionLog> logs = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            logs.add(new PartitionLog());
        }
        topics.put(name, logs);
    }

    /** Every record value stored in a partition, in offset order. */
    synchronized List<byte[]> values(String topic, int partition) {
        List<byte[]> values = new ArrayList<>();
        for (ByteBuf batch : topics.get(topic).get(partition).batches) {
            for (Record r : RecordBatch.wrap(batch)) {
                values.add(io.netty.buffer.ByteBufUtil.getBytes(r.value()));
            }
        }
        return values;
    }

    /** Stored batches of a partition. */
    synchronized int batchCount(String topic, int partition) {
        return topics.get(topic).get(partition).batches.size();
    }

    int produceRequests() {
        return produceRequests.get();
    }

    int heartbeats() {
        return heartbeats.get();
    }

    int handshakes() {
        return handshakes.get();
    }

    /** Closes every client connection, as a network failure would. */
    void dropConnections() {
        clients.forEach(Channel::close);
    }

    /** Sends a push frame to every connected client. */
    void push(ApiKey api, ApiMessage body) {
        for (Channel ch : clients) {
            ch.writeAndFlush(FrameWriter.encode(ch.alloc(), FrameHeader.push(api.id(), api.maxVersion()), body));
        }
    }

    /** Sends a HEARTBEAT request to every client; returns how many were sent. */
    int heartbeatClients(int correlationId) {
        for (Channel ch : clients) {
            ch.writeAndFlush(FrameWriter.encode(
                    ch.alloc(), FrameHeader.request(ApiKey.HEARTBEAT.id(), (short) 1, correlationId), Empty.INSTANCE));
        }
        return clients.size();
    }

    @Override
    public void close() {
        clients.forEach(Channel::close);
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        synchronized (this) {
            topics.values().forEach(logs -> logs.forEach(PartitionLog::release));
        }
    }

    /** One partition: stored batch copies and the idempotent producers' last five batches. */
    private static final class PartitionLog {
        final List<ByteBuf> batches = new ArrayList<>();
        final Map<Long, Deque<long[]>> producers = new HashMap<>();
        final Map<Long, Short> epochs = new HashMap<>();
        long nextOffset;

        void release() {
            batches.forEach(ByteBuf::release);
            batches.clear();
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private boolean handshaken;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            try {
                handle(ctx.channel(), frame.header(), frame.body());
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void handle(Channel ch, FrameHeader h, ByteBuf body) {
            if (h.isResponse()) {
                return;
            }
            ApiKey api = ApiKey.forId(h.apiKey());
            if (api != ApiKey.HANDSHAKE && !handshaken) {
                answer(ch, h, ErrorCode.HANDSHAKE_REQUIRED, "handshake first", null);
                ch.close();
                return;
            }
            switch (api) {
                case HANDSHAKE -> handshake(ch, h, HandshakeRequest.read(body));
                case HEARTBEAT -> {
                    heartbeats.incrementAndGet();
                    answer(ch, h, ErrorCode.NONE, null, Empty.INSTANCE);
                }
                case METADATA -> answer(ch, h, ErrorCode.NONE, null, metadata(MetadataRequest.read(body)));
                case CREATE_TOPIC -> createTopic(ch, h, CreateTopicRequest.read(body));
                case INIT_PRODUCER_ID ->
                    answer(ch, h, ErrorCode.NONE, null, initProducer(InitProducerIdRequest.read(body)));
                case PRODUCE -> produce(ch, h, ProduceRequest.read(body));
                case FETCH -> answer(ch, h, ErrorCode.NONE, null, fetch(FetchRequest.read(body)));
                case LIST_OFFSETS -> answer(ch, h, ErrorCode.NONE, null, listOffsets(ListOffsetsRequest.read(body)));
                default -> answer(ch, h, ErrorCode.UNSUPPORTED_API, "fake broker: " + api, null);
            }
        }

        private void handshake(Channel ch, FrameHeader h, HandshakeRequest r) {
            handshakes.incrementAndGet();
            if (requiredUsername != null
                    && (!requiredUsername.equals(r.username()) || !requiredPassword.equals(r.password()))) {
                answer(ch, h, ErrorCode.AUTHENTICATION_FAILED, "wrong username or password", null);
                ch.close();
                return;
            }
            handshaken = true;
            answer(
                    ch,
                    h,
                    ErrorCode.NONE,
                    null,
                    new HandshakeResponse((short) 1, 0, nextConnectionId++, maxFrameBytes, idleTimeoutMs, "fake"));
        }

        private void createTopic(Channel ch, FrameHeader h, CreateTopicRequest r) {
            synchronized (FakeBroker.this) {
                if (topics.containsKey(r.name())) {
                    answer(ch, h, ErrorCode.TOPIC_ALREADY_EXISTS, "topic '" + r.name() + "' already exists", null);
                    return;
                }
            }
            FakeBroker.this.createTopic(r.name(), r.partitions());
            answer(ch, h, ErrorCode.NONE, null, Empty.INSTANCE);
        }

        private void produce(Channel ch, FrameHeader h, ProduceRequest r) {
            int number = produceRequests.incrementAndGet();
            Fault fault = produceFault.apply(number);
            if (fault == Fault.DROP_BEFORE) {
                ch.close();
                return;
            }
            ProduceResponse response = append(number, r);
            if (fault == Fault.DROP_AFTER) {
                ch.close();
            } else if (fault != Fault.IGNORE) {
                int delayMs = r.durability() == Durability.DURABLE
                        ? Math.max(durableDelayMs, produceDelayMs)
                        : produceDelayMs;
                if (delayMs > 0) {
                    ch.eventLoop()
                            .schedule(
                                    () -> answer(ch, h, ErrorCode.NONE, null, response),
                                    delayMs,
                                    TimeUnit.MILLISECONDS);
                } else {
                    answer(ch, h, ErrorCode.NONE, null, response);
                }
            }
        }
    }

    private synchronized MetadataResponse metadata(MetadataRequest r) {
        List<MetadataResponse.Topic> result = new ArrayList<>();
        for (String name : r.topics() == null ? new ArrayList<>(topics.keySet()) : r.topics()) {
            List<PartitionLog> logs = topics.get(name);
            if (logs == null) {
                result.add(new MetadataResponse.Topic(name, ErrorCode.UNKNOWN_TOPIC, null, List.of()));
                continue;
            }
            List<MetadataResponse.Partition> partitions = new ArrayList<>();
            for (int i = 0; i < logs.size(); i++) {
                partitions.add(new MetadataResponse.Partition(i, 0));
            }
            result.add(new MetadataResponse.Topic(name, ErrorCode.NONE, "topic", partitions));
        }
        return new MetadataResponse(List.of(new MetadataResponse.Broker(0, "127.0.0.1", port())), result);
    }

    private synchronized InitProducerIdResponse initProducer(InitProducerIdRequest r) {
        if (r.producerName() == null) {
            return new InitProducerIdResponse(nextProducerId++, (short) 0);
        }
        long[] state = namedProducers.computeIfAbsent(r.producerName(), n -> new long[] {nextProducerId++, -1});
        state[1]++;
        return new InitProducerIdResponse(state[0], (short) state[1]);
    }

    private synchronized ProduceResponse append(int number, ProduceRequest r) {
        List<ProduceResponse.TopicResult> results = new ArrayList<>();
        for (ProduceRequest.TopicData t : r.topics()) {
            List<ProduceResponse.PartitionResult> partitions = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                PartitionFault injected = partitionFault.apply(number, t.topic() + "-" + p.partition());
                if (injected != null) {
                    partitions.add(ProduceResponse.PartitionResult.failed(
                            p.partition(), injected.error(), injected.message()));
                } else {
                    partitions.add(appendPartition(t.topic(), p.partition(), p.records()));
                }
            }
            results.add(new ProduceResponse.TopicResult(t.topic(), partitions));
        }
        return new ProduceResponse(results);
    }

    private ProduceResponse.PartitionResult appendPartition(String topic, int partition, ByteBuf records) {
        List<PartitionLog> logs = topics.get(topic);
        if (logs == null) {
            return ProduceResponse.PartitionResult.failed(partition, ErrorCode.UNKNOWN_TOPIC, "no topic " + topic);
        }
        if (partition >= logs.size()) {
            return ProduceResponse.PartitionResult.failed(partition, ErrorCode.UNKNOWN_PARTITION, "no partition");
        }
        PartitionLog log = logs.get(partition);
        RecordBatch batch =
                RecordBatch.readFrom(records.duplicate(), Integer.MAX_VALUE).ensureValid();
        if (batch.hasProducerId()) {
            Deque<long[]> recent = log.producers.computeIfAbsent(batch.producerId(), id -> new ArrayDeque<>());
            Short epoch = log.epochs.get(batch.producerId());
            if (epoch != null && batch.producerEpoch() < epoch) {
                return ProduceResponse.PartitionResult.failed(partition, ErrorCode.PRODUCER_FENCED, "fenced");
            }
            boolean newEpoch = epoch != null && batch.producerEpoch() > epoch;
            for (long[] b : newEpoch ? List.<long[]>of() : recent) {
                if (b[0] == batch.baseSequence() && b[1] == batch.lastSequence()) {
                    return new ProduceResponse.PartitionResult(partition, ErrorCode.NONE, null, b[2], b[3], 0L, 0L);
                }
            }
            long expected = recent.isEmpty() || (epoch != null && batch.producerEpoch() > epoch)
                    ? 0
                    : Sequences.add((int) recent.peekLast()[1], 1);
            if (batch.baseSequence() != expected) {
                return ProduceResponse.PartitionResult.failed(
                        partition,
                        ErrorCode.OUT_OF_ORDER_SEQUENCE,
                        "expected " + expected + ", got " + batch.baseSequence());
            }
            if (epoch != null && batch.producerEpoch() > epoch) {
                recent.clear();
            }
            log.epochs.put(batch.producerId(), batch.producerEpoch());
            recent.addLast(new long[] {
                batch.baseSequence(), batch.lastSequence(), log.nextOffset, log.nextOffset + batch.lastOffsetDelta()
            });
            if (recent.size() > 5) {
                recent.removeFirst();
            }
        }
        ByteBuf copy = Unpooled.copiedBuffer(records);
        RecordBatch stored = RecordBatch.wrap(copy);
        long base = log.nextOffset;
        stored.setBaseOffset(base);
        log.batches.add(copy);
        log.nextOffset = stored.nextOffset();
        return new ProduceResponse.PartitionResult(partition, ErrorCode.NONE, null, base, stored.lastOffset(), 0L, 0L);
    }

    private synchronized FetchResponse fetch(FetchRequest r) {
        List<FetchResponse.TopicData> result = new ArrayList<>();
        for (FetchRequest.TopicFetch t : r.topics()) {
            List<FetchResponse.PartitionData> partitions = new ArrayList<>();
            for (FetchRequest.PartitionFetch p : t.partitions()) {
                List<PartitionLog> logs = topics.get(t.topic());
                if (logs == null || p.partition() >= logs.size()) {
                    partitions.add(new FetchResponse.PartitionData(
                            p.partition(), ErrorCode.UNKNOWN_TOPIC, "no such partition", -1, -1, null));
                    continue;
                }
                PartitionLog log = logs.get(p.partition());
                CompositeByteBuf data = Unpooled.compositeBuffer();
                for (ByteBuf b : log.batches) {
                    if (RecordBatch.wrap(b).lastOffset() >= p.fetchOffset()) {
                        data.addComponent(true, b.retainedDuplicate());
                    }
                }
                ByteBuf copy = Unpooled.copiedBuffer(data);
                data.release();
                partitions.add(
                        new FetchResponse.PartitionData(p.partition(), ErrorCode.NONE, null, log.nextOffset, 0, copy));
            }
            result.add(new FetchResponse.TopicData(t.topic(), partitions));
        }
        return new FetchResponse(result);
    }

    private synchronized ListOffsetsResponse listOffsets(ListOffsetsRequest r) {
        List<ListOffsetsResponse.TopicOffsets> result = new ArrayList<>();
        for (ListOffsetsRequest.TopicQuery t : r.topics()) {
            List<ListOffsetsResponse.PartitionOffset> partitions = new ArrayList<>();
            for (ListOffsetsRequest.PartitionQuery q : t.partitions()) {
                List<PartitionLog> logs = topics.get(t.topic());
                if (logs == null) {
                    partitions.add(new ListOffsetsResponse.PartitionOffset(
                            q.partition(), ErrorCode.UNKNOWN_TOPIC, "no topic", -1, -1));
                } else {
                    long offset = q.timestamp() == ListOffsetsRequest.EARLIEST ? 0 : logs.get(q.partition()).nextOffset;
                    partitions.add(
                            new ListOffsetsResponse.PartitionOffset(q.partition(), ErrorCode.NONE, null, offset, -1));
                }
            }
            result.add(new ListOffsetsResponse.TopicOffsets(t.topic(), partitions));
        }
        return new ListOffsetsResponse(result);
    }

    private static void answer(Channel ch, FrameHeader request, ErrorCode error, String message, ApiMessage body) {
        ByteBuf frame = FrameWriter.encode(ch.alloc(), FrameHeader.response(request, error, message), body);
        releaseBodyBuffers(body);
        ch.writeAndFlush(frame);
    }

    private static void releaseBodyBuffers(ApiMessage body) {
        if (body instanceof FetchResponse f) {
            for (FetchResponse.TopicData t : f.topics()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    if (p.records() != null) {
                        p.records().release();
                    }
                }
            }
        }
    }
}
