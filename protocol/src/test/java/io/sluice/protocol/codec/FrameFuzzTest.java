package io.sluice.protocol.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrowseRequest;
import io.sluice.protocol.api.BrowseResponse;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CloseConsumerRequest;
import io.sluice.protocol.api.CreateConsumerRequest;
import io.sluice.protocol.api.CreateTemporaryRequest;
import io.sluice.protocol.api.CreateTemporaryResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteTemporaryRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.DeleteUserRequest;
import io.sluice.protocol.api.DeliverPush;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
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
import io.sluice.protocol.api.ListGrantsRequest;
import io.sluice.protocol.api.ListGrantsResponse;
import io.sluice.protocol.api.ListOffsetsRequest;
import io.sluice.protocol.api.ListOffsetsResponse;
import io.sluice.protocol.api.ListTopicsRequest;
import io.sluice.protocol.api.ListTopicsResponse;
import io.sluice.protocol.api.ListUsersRequest;
import io.sluice.protocol.api.ListUsersResponse;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.api.ProduceResponse;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import io.sluice.protocol.api.RevokeRequest;
import io.sluice.protocol.api.SetClientIdRequest;
import io.sluice.protocol.api.UnsubscribeRequest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the frame decoder and every body reader with arbitrary bytes, delivered in two chunks
 * split where the input says: the only failure allowed is a {@link MalformedFrameException}
 * (wrapped by Netty in a {@link DecoderException} when the decoder raises it), never another
 * exception, a hang or an allocation beyond the frame limit.
 *
 * <p>Input: byte 0 chooses the split point, the rest is the stream. The saved inputs under {@code
 * src/test/resources/.../FrameFuzzTestInputs} replay in every build; {@code -Pfuzz} fuzzes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameFuzzTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final Map<ApiKey, Function<ByteBuf, ?>> REQUESTS = new EnumMap<>(ApiKey.class);
    private static final Map<ApiKey, Function<ByteBuf, ?>> RESPONSES = new EnumMap<>(ApiKey.class);

    static {
        REQUESTS.put(ApiKey.HANDSHAKE, HandshakeRequest::read);
        RESPONSES.put(ApiKey.HANDSHAKE, HandshakeResponse::read);
        REQUESTS.put(ApiKey.HEARTBEAT, Empty::read);
        RESPONSES.put(ApiKey.HEARTBEAT, Empty::read);
        REQUESTS.put(ApiKey.METADATA, MetadataRequest::read);
        RESPONSES.put(ApiKey.METADATA, MetadataResponse::read);
        REQUESTS.put(ApiKey.CREATE_TOPIC, CreateTopicRequest::read);
        REQUESTS.put(ApiKey.DELETE_TOPIC, DeleteTopicRequest::read);
        REQUESTS.put(ApiKey.LIST_TOPICS, ListTopicsRequest::read);
        RESPONSES.put(ApiKey.LIST_TOPICS, ListTopicsResponse::read);
        REQUESTS.put(ApiKey.DESCRIBE_TOPIC, DescribeTopicRequest::read);
        RESPONSES.put(ApiKey.DESCRIBE_TOPIC, DescribeTopicResponse::read);
        REQUESTS.put(ApiKey.ALTER_TOPIC_CONFIG, AlterTopicConfigRequest::read);
        REQUESTS.put(ApiKey.PRODUCE, ProduceRequest::read);
        RESPONSES.put(ApiKey.PRODUCE, ProduceResponse::read);
        REQUESTS.put(ApiKey.FETCH, FetchRequest::read);
        RESPONSES.put(ApiKey.FETCH, FetchResponse::read);
        REQUESTS.put(ApiKey.LIST_OFFSETS, ListOffsetsRequest::read);
        RESPONSES.put(ApiKey.LIST_OFFSETS, ListOffsetsResponse::read);
        REQUESTS.put(ApiKey.INIT_PRODUCER_ID, InitProducerIdRequest::read);
        RESPONSES.put(ApiKey.INIT_PRODUCER_ID, InitProducerIdResponse::read);
        REQUESTS.put(ApiKey.CREATE_USER, CreateUserRequest::read);
        REQUESTS.put(ApiKey.SET_CLIENT_ID, SetClientIdRequest::read);
        REQUESTS.put(ApiKey.RESOLVE_DESTINATION, ResolveDestinationRequest::read);
        RESPONSES.put(ApiKey.RESOLVE_DESTINATION, ResolveDestinationResponse::read);
        REQUESTS.put(ApiKey.CREATE_CONSUMER, CreateConsumerRequest::read);
        REQUESTS.put(ApiKey.CLOSE_CONSUMER, CloseConsumerRequest::read);
        REQUESTS.put(ApiKey.FLOW, FlowRequest::read);
        RESPONSES.put(ApiKey.FLOW, FlowResponse::read);
        REQUESTS.put(ApiKey.DELIVER, DeliverPush::read);
        REQUESTS.put(ApiKey.ACK, AckRequest::read);
        REQUESTS.put(ApiKey.UNSUBSCRIBE, UnsubscribeRequest::read);
        REQUESTS.put(ApiKey.BROWSE, BrowseRequest::read);
        RESPONSES.put(ApiKey.BROWSE, BrowseResponse::read);
        REQUESTS.put(ApiKey.CREATE_TEMPORARY, CreateTemporaryRequest::read);
        RESPONSES.put(ApiKey.CREATE_TEMPORARY, CreateTemporaryResponse::read);
        REQUESTS.put(ApiKey.DELETE_TEMPORARY, DeleteTemporaryRequest::read);
        REQUESTS.put(ApiKey.LIST_USERS, ListUsersRequest::read);
        RESPONSES.put(ApiKey.LIST_USERS, ListUsersResponse::read);
        REQUESTS.put(ApiKey.DELETE_USER, DeleteUserRequest::read);
        REQUESTS.put(ApiKey.CHANGE_PASSWORD, ChangePasswordRequest::read);
        REQUESTS.put(ApiKey.GRANT, GrantRequest::read);
        REQUESTS.put(ApiKey.REVOKE, RevokeRequest::read);
        REQUESTS.put(ApiKey.LIST_GRANTS, ListGrantsRequest::read);
        RESPONSES.put(ApiKey.LIST_GRANTS, ListGrantsResponse::read);
    }

    @FuzzTest(maxDuration = "30s")
    void framesAndBodies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int split = 1 + Math.floorMod(input[0], input.length);
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES));
        try {
            write(channel, Unpooled.wrappedBuffer(input, 1, split - 1));
            write(channel, Unpooled.wrappedBuffer(input, split, input.length - split));
            Frame frame;
            while ((frame = channel.readInbound()) != null) {
                try {
                    readBody(frame);
                } finally {
                    frame.release();
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void write(EmbeddedChannel channel, ByteBuf bytes) {
        try {
            channel.writeInbound(bytes);
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof MalformedFrameException)) {
                throw e;
            }
        }
    }

    private static void readBody(Frame frame) {
        FrameHeader header = frame.header();
        ApiKey api = ApiKey.forId(header.apiKey());
        if (api == null) {
            return;
        }
        Function<ByteBuf, ?> reader = header.isResponse() ? RESPONSES.get(api) : REQUESTS.get(api);
        if (reader == null || (header.isResponse() && header.error() != io.sluice.protocol.error.ErrorCode.NONE)) {
            return;
        }
        try {
            reader.apply(frame.body());
        } catch (MalformedFrameException expected) {
            // the only acceptable way to refuse a body
        }
    }
}
