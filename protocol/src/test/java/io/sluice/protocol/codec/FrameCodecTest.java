package io.sluice.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AckType;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ApiMessage;
import io.sluice.protocol.api.BrokerStatsResponse;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.BrowseResponse;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CloseConnectionRequest;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.CommitTransactionResponse;
import io.sluice.protocol.api.CountResponse;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteMessagesRequest;
import io.sluice.protocol.api.DeleteSubscriptionRequest;
import io.sluice.protocol.api.DeleteTemporaryRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.DeleteUserRequest;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.DestinationStatsRequest;
import io.sluice.protocol.api.DestinationStatsResponse;
import io.sluice.protocol.api.Durability;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.FetchRequest;
import io.sluice.protocol.api.FetchResponse;
import io.sluice.protocol.api.FlowRequest;
import io.sluice.protocol.api.FlowResponse;
import io.sluice.protocol.api.GrantRequest;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.InspectMessagesRequest;
import io.sluice.protocol.api.InspectMessagesResponse;
import io.sluice.protocol.api.ListConnectionsResponse;
import io.sluice.protocol.api.ListGrantsRequest;
import io.sluice.protocol.api.ListGrantsResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.ListProducersRequest;
import io.sluice.protocol.api.ListProducersResponse;
import io.sluice.protocol.api.ListSubscriptionsRequest;
import io.sluice.protocol.api.ListSubscriptionsResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.ListUsersRequest;
import io.sluice.protocol.api.ListUsersResponse;
import io.sluice.protocol.api.MessageActionResponse;
import io.sluice.protocol.api.MessageRef;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.MoveMessagesRequest;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.PurgeQueueRequest;
import io.sluice.protocol.api.RedriveMessagesRequest;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.api.RevokeRequest;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.api.SubscriptionType;
import io.sluice.protocol.api.UnsubscribeRequest;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.message.DestinationKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameCodecTest {
    private static final int MAX_FRAME = 1024 * 1024;
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** One sample of every body type, with the reader that decodes it. */
    record Sample(String name, ApiMessage message, Function<ByteBuf, ApiMessage> reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Sample> samples() {
        ByteBuf records = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5});
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(
                "HandshakeRequest",
                new HandshakeRequest((short) 1, (short) 3, "client-ü", "sluice-jms/0.1", "alice", "s3cret"),
                HandshakeRequest::read));
        samples.add(new Sample(
                "HandshakeRequest with nulls",
                new HandshakeRequest((short) 1, (short) 1, null, "x", null, null),
                HandshakeRequest::read));
        samples.add(new Sample(
                "HandshakeResponse",
                new HandshakeResponse((short) 1, 0, 77L, MAX_FRAME, 30_000, "0.1.0"),
                HandshakeResponse::read));
        samples.add(new Sample("MetadataRequest all", new MetadataRequest(null), MetadataRequest::read));
        samples.add(new Sample("MetadataRequest", new MetadataRequest(List.of("a", "b")), MetadataRequest::read));
        samples.add(new Sample(
                "MetadataResponse",
                new MetadataResponse(
                        List.of(new MetadataResponse.Broker(0, "127.0.0.1", 7676)),
                        List.of(
                                new MetadataResponse.Topic(
                                        "orders",
                                        ErrorCode.NONE,
                                        "queue",
                                        List.of(
                                                new MetadataResponse.Partition(0, 0),
                                                new MetadataResponse.Partition(1, 0))),
                                new MetadataResponse.Topic("gone", ErrorCode.UNKNOWN_TOPIC, null, List.of()))),
                MetadataResponse::read));
        samples.add(new Sample(
                "CreateTopicRequest",
                new CreateTopicRequest("orders", 3, orderedMap("type", "queue", "retention.ms", "1000")),
                CreateTopicRequest::read));
        samples.add(new Sample("DeleteTopicRequest", new DeleteTopicRequest("orders"), DeleteTopicRequest::read));
        samples.add(new Sample("ListTopicsRequest", new ListTopicsRequest(null), ListTopicsRequest::read));
        samples.add(new Sample(
                "ListTopicsResponse",
                new ListTopicsResponse(List.of(new ListTopicsResponse.Listing("a", "topic", 2))),
                ListTopicsResponse::read));
        samples.add(new Sample("DescribeTopicRequest", new DescribeTopicRequest("a"), DescribeTopicRequest::read));
        samples.add(new Sample(
                "DescribeTopicResponse",
                new DescribeTopicResponse(
                        "a",
                        orderedMap("segment.bytes", "1024"),
                        List.of(new DescribeTopicResponse.PartitionState(0, 5L, 10L, 12L, 4096L))),
                DescribeTopicResponse::read));
        samples.add(new Sample(
                "AlterTopicConfigRequest",
                new AlterTopicConfigRequest("a", orderedMap("retention.ms", "5"), List.of("segment.bytes")),
                AlterTopicConfigRequest::read));
        samples.add(new Sample(
                "ProduceRequest",
                new ProduceRequest(
                        Durability.DURABLE,
                        30_000,
                        List.of(new ProduceRequest.TopicData(
                                "orders", List.of(new ProduceRequest.PartitionData(2, records))))),
                ProduceRequest::read));
        samples.add(new Sample(
                "ProduceResponse",
                new ProduceResponse(List.of(new ProduceResponse.TopicResult(
                        "orders",
                        List.of(
                                new ProduceResponse.PartitionResult(0, ErrorCode.NONE, null, 10L, 19L, 1234L, 0L),
                                ProduceResponse.PartitionResult.failed(
                                        1, ErrorCode.OUT_OF_ORDER_SEQUENCE, "expected 5, got 7"))))),
                ProduceResponse::read));
        samples.add(new Sample(
                "FetchRequest",
                new FetchRequest(
                        500,
                        1,
                        1 << 20,
                        List.of(new FetchRequest.TopicFetch(
                                "t", List.of(new FetchRequest.PartitionFetch(0, 42L, 65536))))),
                FetchRequest::read));
        samples.add(new Sample(
                "FetchResponse",
                new FetchResponse(List.of(new FetchResponse.TopicData(
                        "t",
                        List.of(
                                new FetchResponse.PartitionData(0, ErrorCode.NONE, null, 50L, 0L, records),
                                new FetchResponse.PartitionData(
                                        1, ErrorCode.OFFSET_OUT_OF_RANGE, "offset 99 > 50", 50L, 0L, null))))),
                FetchResponse::read));
        samples.add(new Sample(
                "ListOffsetsRequest",
                new ListOffsetsRequest(List.of(new ListOffsetsRequest.TopicQuery(
                        "t",
                        List.of(
                                new ListOffsetsRequest.PartitionQuery(0, ListOffsetsRequest.EARLIEST),
                                new ListOffsetsRequest.PartitionQuery(1, 1_700_000_000_000L))))),
                ListOffsetsRequest::read));
        samples.add(new Sample(
                "ListOffsetsResponse",
                new ListOffsetsResponse(List.of(new ListOffsetsResponse.TopicOffsets(
                        "t", List.of(new ListOffsetsResponse.PartitionOffset(0, ErrorCode.NONE, null, 7L, 99L))))),
                ListOffsetsResponse::read));
        samples.add(new Sample(
                "InitProducerIdRequest", new InitProducerIdRequest("orders-app"), InitProducerIdRequest::read));
        samples.add(new Sample(
                "InitProducerIdResponse",
                new InitProducerIdResponse(1L << 40, (short) 3),
                InitProducerIdResponse::read));
        samples.add(new Sample(
                "CreateUserRequest",
                new CreateUserRequest("bob", "pw", List.of("admin", "ops")),
                CreateUserRequest::read));
        samples.add(new Sample("Empty", Empty.INSTANCE, Empty::read));
        samples.add(new Sample("SetClientIdRequest", new SetClientIdRequest("app-1"), SetClientIdRequest::read));
        samples.add(new Sample(
                "ResolveDestinationRequest",
                new ResolveDestinationRequest("orders", DestinationKind.QUEUE, true),
                ResolveDestinationRequest::read));
        samples.add(new Sample(
                "ResolveDestinationResponse",
                new ResolveDestinationResponse(DestinationKind.TOPIC, 4, false),
                ResolveDestinationResponse::read));
        samples.add(new Sample(
                "CreateConsumerRequest",
                new CreateConsumerRequest(
                        7,
                        "prices",
                        DestinationKind.TOPIC,
                        SubscriptionType.SHARED_DURABLE,
                        "sub",
                        "region = 'EU'",
                        true,
                        1000,
                        true),
                CreateConsumerRequest::read));
        samples.add(new Sample("CloseConsumerRequest", new CloseConsumerRequest(7), CloseConsumerRequest::read));
        samples.add(new Sample("FlowRequest", new FlowRequest(7, 100, true), FlowRequest::read));
        samples.add(new Sample("FlowResponse", new FlowResponse(3), FlowResponse::read));
        samples.add(new Sample(
                "DeliverPush",
                new DeliverPush(
                        7, List.of(new DeliverPush.Delivery(1L, 0, 1, 100L, 1_700_000_000_000L, records.duplicate()))),
                DeliverPush::read));
        samples.add(new Sample(
                "AckRequest",
                new AckRequest(AckType.RELEASE, List.of(new AckRequest.Range(1L, 5L), new AckRequest.Range(9L, 9L))),
                AckRequest::read));
        samples.add(new Sample("UnsubscribeRequest", new UnsubscribeRequest("sub"), UnsubscribeRequest::read));
        samples.add(new Sample(
                "BrowseRequest",
                new BrowseRequest("q", "a > 1", List.of(new BrowseRequest.Position(0, 10L)), 50),
                BrowseRequest::read));
        samples.add(new Sample(
                "BrowseResponse",
                new BrowseResponse(
                        List.of(new BrowseResponse.BrowsedMessage(0, 2, 10L, 5L, records.duplicate())),
                        List.of(new BrowseRequest.Position(0, 11L)),
                        false),
                BrowseResponse::read));
        samples.add(new Sample(
                "CreateTemporaryRequest",
                new CreateTemporaryRequest(DestinationKind.TEMPORARY_QUEUE),
                CreateTemporaryRequest::read));
        samples.add(new Sample(
                "CreateTemporaryRequest (re-creating)",
                new CreateTemporaryRequest(DestinationKind.TEMPORARY_TOPIC, "_temp.t.4.1.00ff00ff"),
                CreateTemporaryRequest::read));
        samples.add(new Sample(
                "CreateTemporaryResponse", new CreateTemporaryResponse("tmp.q.1"), CreateTemporaryResponse::read));
        samples.add(new Sample(
                "DeleteTemporaryRequest", new DeleteTemporaryRequest("tmp.q.1"), DeleteTemporaryRequest::read));
        addConsoleSamples(samples, records);
        samples.add(new Sample(
                "CommitTransactionRequest",
                new CommitTransactionRequest(
                        1L << 33,
                        (short) 2,
                        17L,
                        30_000,
                        List.of(
                                new ProduceRequest.TopicData(
                                        "orders",
                                        List.of(
                                                new ProduceRequest.PartitionData(0, records.duplicate()),
                                                new ProduceRequest.PartitionData(3, records.duplicate()))),
                                new ProduceRequest.TopicData(
                                        "audit", List.of(new ProduceRequest.PartitionData(1, records.duplicate())))),
                        List.of(new AckRequest.Range(4L, 9L), new AckRequest.Range(12L, 12L))),
                CommitTransactionRequest::read));
        samples.add(new Sample(
                "CommitTransactionRequest acks only",
                new CommitTransactionRequest(
                        5L, (short) 0, 0L, 1_000, List.of(), List.of(new AckRequest.Range(1L, 1L))),
                CommitTransactionRequest::read));
        samples.add(new Sample(
                "CommitTransactionResponse",
                new CommitTransactionResponse(
                        true,
                        List.of(new CommitTransactionResponse.TopicResult(
                                "orders",
                                List.of(
                                        new CommitTransactionResponse.PartitionResult(0, 10L, 19L),
                                        new CommitTransactionResponse.PartitionResult(3, -1L, -1L))))),
                CommitTransactionResponse::read));
        samples.add(new Sample("ListUsersRequest", new ListUsersRequest("ops-"), ListUsersRequest::read));
        samples.add(new Sample("ListUsersRequest all", new ListUsersRequest(null), ListUsersRequest::read));
        samples.add(new Sample(
                "ListUsersResponse",
                new ListUsersResponse(List.of(
                        new ListUsersResponse.User("alice", List.of()),
                        new ListUsersResponse.User("ops-1", List.of("admin", "ops")))),
                ListUsersResponse::read));
        samples.add(new Sample("DeleteUserRequest", new DeleteUserRequest("bob"), DeleteUserRequest::read));
        samples.add(new Sample(
                "ChangePasswordRequest",
                new ChangePasswordRequest("bob", "old-secret", "new-secret"),
                ChangePasswordRequest::read));
        samples.add(new Sample(
                "ChangePasswordRequest by an admin",
                new ChangePasswordRequest("bob", null, "new-secret"),
                ChangePasswordRequest::read));
        samples.add(new Sample(
                "GrantRequest",
                new GrantRequest(
                        PrincipalType.ROLE, "ops", "orders.#", EnumSet.of(Permission.PRODUCE, Permission.BROWSE)),
                GrantRequest::read));
        samples.add(new Sample(
                "RevokeRequest",
                new RevokeRequest(PrincipalType.USER, "alice", "orders.*", EnumSet.of(Permission.CONSUME)),
                RevokeRequest::read));
        samples.add(new Sample(
                "ListGrantsRequest", new ListGrantsRequest(PrincipalType.USER, "alice"), ListGrantsRequest::read));
        samples.add(new Sample("ListGrantsRequest all", new ListGrantsRequest(null, null), ListGrantsRequest::read));
        samples.add(new Sample(
                "ListGrantsResponse",
                new ListGrantsResponse(List.of(
                        new ListGrantsResponse.Grant(
                                PrincipalType.USER, "alice", "orders.*", EnumSet.of(Permission.CONSUME)),
                        new ListGrantsResponse.Grant(PrincipalType.ROLE, "ops", "#", EnumSet.allOf(Permission.class)))),
                ListGrantsResponse::read));
        return samples;
    }

    /** The operations administration APIs (60-79). */
    private static void addConsoleSamples(List<Sample> samples, ByteBuf records) {
        samples.add(new Sample(
                "BrokerStatsResponse",
                new BrokerStatsResponse(
                        0,
                        "0.1.0",
                        true,
                        1_700_000_000_000L,
                        1_700_000_060_000L,
                        3,
                        12,
                        40,
                        "/var/sluice",
                        1L << 30,
                        5L << 30,
                        10L << 30,
                        100L << 20,
                        200L << 20,
                        1L << 30,
                        42,
                        1000L,
                        900L),
                BrokerStatsResponse::read));
        samples.add(new Sample(
                "DestinationStatsRequest", new DestinationStatsRequest("ord"), DestinationStatsRequest::read));
        samples.add(new Sample(
                "DestinationStatsResponse",
                new DestinationStatsResponse(List.of(new DestinationStatsResponse.DestinationStats(
                        "orders", "queue", 3, 100L, 90L, 4096L, 150L, 60L, 1, 2))),
                DestinationStatsResponse::read));
        samples.add(new Sample(
                "ListConnectionsResponse",
                new ListConnectionsResponse(List.of(
                        new ListConnectionsResponse.Connection(
                                7L, "app-1", "alice", "/127.0.0.1:50000", "sluice-client/0.1.0", 1L, 2, 5),
                        new ListConnectionsResponse.Connection(8L, null, null, "/127.0.0.1:50001", "x", 2L, 0, 0))),
                ListConnectionsResponse::read));
        samples.add(new Sample("CloseConnectionRequest", new CloseConnectionRequest(7L), CloseConnectionRequest::read));
        samples.add(new Sample(
                "ListSubscriptionsRequest", new ListSubscriptionsRequest("prices"), ListSubscriptionsRequest::read));
        samples.add(new Sample(
                "ListSubscriptionsResponse",
                new ListSubscriptionsResponse(List.of(new ListSubscriptionsResponse.SubscriptionInfo(
                        5L,
                        SubscriptionType.SHARED_DURABLE,
                        "prices",
                        "app-1",
                        "audit",
                        "region = 'EU'",
                        false,
                        true,
                        1000L,
                        3,
                        1_700_000_000_000L,
                        List.of(new ListSubscriptionsResponse.ConsumerInfo(7L, 1, 97, null))))),
                ListSubscriptionsResponse::read));
        samples.add(new Sample(
                "DeleteSubscriptionRequest", new DeleteSubscriptionRequest(5L), DeleteSubscriptionRequest::read));
        samples.add(new Sample("PurgeQueueRequest", new PurgeQueueRequest("orders"), PurgeQueueRequest::read));
        samples.add(new Sample("CountResponse", new CountResponse(12L), CountResponse::read));
        samples.add(new Sample(
                "InspectMessagesRequest",
                new InspectMessagesRequest(
                        "orders",
                        -1L,
                        "a > 1",
                        -1,
                        -1L,
                        1_700_000_000_000L,
                        List.of(new BrowseRequest.Position(0, 5L)),
                        50),
                InspectMessagesRequest::read));
        samples.add(new Sample(
                "InspectMessagesResponse",
                new InspectMessagesResponse(
                        List.of(new InspectMessagesResponse.InspectedMessage(
                                0, 10L, InspectMessagesResponse.State.IN_DELIVERY, 2, 10L, 5L, records.duplicate())),
                        List.of(new BrowseRequest.Position(0, 11L)),
                        true),
                InspectMessagesResponse::read));
        samples.add(new Sample(
                "DeleteMessagesRequest",
                new DeleteMessagesRequest("orders", -1L, List.of(new MessageRef(0, 10L), new MessageRef(1, 3L))),
                DeleteMessagesRequest::read));
        samples.add(new Sample(
                "MoveMessagesRequest",
                new MoveMessagesRequest("orders", 4L, "orders.retry", true, List.of(new MessageRef(0, 10L))),
                MoveMessagesRequest::read));
        samples.add(new Sample(
                "RedriveMessagesRequest", new RedriveMessagesRequest("DLQ", null, 500), RedriveMessagesRequest::read));
        samples.add(new Sample(
                "RedriveMessagesRequest selected",
                new RedriveMessagesRequest("DLQ", List.of(new MessageRef(0, 1L)), 1),
                RedriveMessagesRequest::read));
        samples.add(new Sample(
                "MessageActionResponse",
                new MessageActionResponse(3, 1, "offset 7 of partition 0 is held by a consumer", true),
                MessageActionResponse::read));
        samples.add(new Sample("ListProducersRequest", new ListProducersRequest(null), ListProducersRequest::read));
        samples.add(new Sample(
                "ListProducersResponse",
                new ListProducersResponse(List.of(new ListProducersResponse.ProducerInfo(
                        "orders", 0, 1000L, (short) 2, 41, 99L, 1_700_000_000_000L, "billing", 7L))),
                ListProducersResponse::read));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyBodyRoundTripsThroughTheDecoder(Sample sample) {
        FrameHeader header = FrameHeader.request(ApiKey.PRODUCE.id(), (short) 1, 99);
        assertThat(channel.writeInbound(FrameWriter.encode(PooledByteBufAllocator.DEFAULT, header, sample.message())))
                .isTrue();
        Frame frame = channel.readInbound();
        try {
            assertThat(frame.header()).isEqualTo(header);
            assertThat(sample.reader().apply(frame.body())).isEqualTo(sample.message());
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyTruncationOfEveryBodyFailsWithAMalformedFrameError(Sample sample) {
        ByteBuf body = Unpooled.buffer();
        sample.message().write(body);
        for (int length = 0; length < body.readableBytes(); length++) {
            ByteBuf cut = body.slice(0, length);
            assertThatThrownBy(() -> sample.reader().apply(cut))
                    .as("%s cut to %d bytes", sample, length)
                    .isInstanceOf(MalformedFrameException.class);
        }
        if (sample.message() != Empty.INSTANCE) {
            ByteBuf longer =
                    Unpooled.buffer().writeBytes(body, 0, body.readableBytes()).writeByte(0);
            assertThatThrownBy(() -> sample.reader().apply(longer)).hasMessageContaining("trailing");
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void randomCorruptionOfEveryBodyNeverEscapesAsAnythingButAMalformedFrame(Sample sample) {
        ByteBuf body = Unpooled.buffer();
        sample.message().write(body);
        Random random = new Random(sample.name().hashCode());
        for (int round = 0; round < 2_000; round++) {
            ByteBuf copy = Unpooled.copiedBuffer(body);
            for (int flips = 1 + random.nextInt(3); flips > 0 && copy.isReadable(); flips--) {
                copy.setByte(random.nextInt(copy.readableBytes()), random.nextInt(256));
            }
            try {
                sample.reader().apply(copy);
            } catch (MalformedFrameException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void responsesCarryTheirErrorInTheHeader() {
        FrameHeader request = FrameHeader.request(ApiKey.DELETE_TOPIC.id(), (short) 1, 5);
        FrameHeader response = FrameHeader.response(request, ErrorCode.UNKNOWN_TOPIC, "topic 'x' does not exist");
        channel.writeInbound(FrameWriter.encode(PooledByteBufAllocator.DEFAULT, response, null));
        Frame frame = channel.readInbound();
        try {
            assertThat(frame.header().isResponse()).isTrue();
            assertThat(frame.header().correlationId()).isEqualTo(5);
            assertThat(frame.header().error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            assertThat(frame.header().errorMessage()).isEqualTo("topic 'x' does not exist");
            assertThat(frame.body().readableBytes()).isZero();
        } finally {
            frame.release();
        }
    }

    @Test
    void framesArrivingByteByByteAndBackToBackAreSplitCorrectly() {
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            ByteBuf frame = FrameWriter.encode(
                    PooledByteBufAllocator.DEFAULT,
                    FrameHeader.request(ApiKey.METADATA.id(), (short) 1, i),
                    new MetadataRequest(List.of("t" + i)));
            stream.writeBytes(frame);
            frame.release();
        }
        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(1));
        }
        stream.release();
        for (int i = 0; i < 3; i++) {
            Frame frame = channel.readInbound();
            assertThat(frame.header().correlationId()).isEqualTo(i);
            assertThat(MetadataRequest.read(frame.body()).topics()).containsExactly("t" + i);
            frame.release();
        }
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void anOversizedLengthIsRejectedFromItsFourBytesAlone() {
        ByteBuf lengthOnly = Unpooled.buffer().writeInt(MAX_FRAME + 1);
        assertThatThrownBy(() -> channel.writeInbound(lengthOnly))
                .isInstanceOf(DecoderException.class)
                .cause()
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("exceeds the limit");
        // After a bad frame the decoder discards the rest of the stream.
        ByteBuf good = FrameWriter.encode(
                PooledByteBufAllocator.DEFAULT, FrameHeader.request((short) 1, (short) 1, 1), Empty.INSTANCE);
        channel.writeInbound(good);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void forgedLengthsAreRejected() {
        for (int length : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 8}) {
            EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
            assertThatThrownBy(() -> fresh.writeInbound(Unpooled.buffer().writeInt(length)))
                    .as("length %d", length)
                    .hasCauseInstanceOf(MalformedFrameException.class);
            fresh.finishAndReleaseAll();
        }
    }

    @Test
    void theLimitCanBeRaisedAfterAuthentication() {
        FrameDecoder decoder = new FrameDecoder(64);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ByteBuf big = FrameWriter.encode(
                PooledByteBufAllocator.DEFAULT,
                FrameHeader.request((short) 2, (short) 1, 1),
                new MetadataRequest(List.of("x".repeat(100))));
        decoder.setMaxFrameBytes(MAX_FRAME);
        ch.writeInbound(big);
        Frame frame = ch.readInbound();
        assertThat(frame).isNotNull();
        frame.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void unknownFlagsAreAMalformedHeader() {
        ByteBuf frame = Unpooled.buffer()
                .writeInt(9)
                .writeShort(1)
                .writeShort(1)
                .writeInt(1)
                .writeByte(0x40);
        assertThatThrownBy(() -> channel.writeInbound(frame))
                .hasCauseInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("unknown frame flags");
    }

    @Test
    void aReversedDeliveryRangeMakesACommitMalformed() {
        ByteBuf body = Unpooled.buffer();
        new CommitTransactionRequest(1L, (short) 0, 0L, 1_000, List.of(), List.of(new AckRequest.Range(9L, 4L)))
                .write(body);
        assertThatThrownBy(() -> CommitTransactionRequest.read(body))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("[9, 4] is reversed");
    }

    @Test
    void forgedArrayCountsDoNotAllocate() {
        ByteBuf body = Unpooled.buffer().writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> MetadataRequest.read(body))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("claims 2147483647 elements");
    }
}
