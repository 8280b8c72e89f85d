package io.sluice.client;

import io.sluice.protocol.api.AlterTopicConfigRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.BrokerStatsResponse;
import io.sluice.protocol.api.ChangePasswordRequest;
import io.sluice.protocol.api.CloseConnectionRequest;
import io.sluice.protocol.api.CountResponse;
import io.sluice.protocol.api.CreateTopicRequest;
import io.sluice.protocol.api.CreateUserRequest;
import io.sluice.protocol.api.DeleteMessagesRequest;
import io.sluice.protocol.api.DeleteSubscriptionRequest;
import io.sluice.protocol.api.DeleteTopicRequest;
import io.sluice.protocol.api.DeleteUserRequest;
import io.sluice.protocol.api.DescribeTopicRequest;
import io.sluice.protocol.api.DescribeTopicResponse;
import io.sluice.protocol.api.DestinationStatsRequest;
import io.sluice.protocol.api.DestinationStatsResponse;
import io.sluice.protocol.api.Empty;
import io.sluice.protocol.api.GrantRequest;
import io.sluice.protocol.api.InspectMessagesRequest;
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
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.api.MoveMessagesRequest;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import io.sluice.protocol.api.PurgeQueueRequest;
import io.sluice.protocol.api.RedriveMessagesRequest;
import io.sluice.protocol.api.RevokeRequest;
import io.sluice.protocol.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Topic, user, access and offset administration, and the operations APIs a console uses (broker
 * and destination statistics, connections, subscriptions, message inspection and repair,
 * producers). Every method returns at once; its future completes on the
 * client's callback executor with the result, or fails with a {@link SluiceClientException} that
 * carries the broker's error code and message (for example TOPIC_ALREADY_EXISTS, INVALID_CONFIG,
 * AUTHORIZATION_FAILED). Admin requests are never re-sent automatically: one in flight when the
 * connection drops fails with CONNECTION_LOST, and the caller decides whether to try again.
 *
 * <p>Thread-safe.
 */
public final class SluiceAdmin {
    private final SluiceClient client;

    SluiceAdmin(SluiceClient client) {
        this.client = client;
    }

    /** Creates a topic with {@code partitions} partitions; {@code configs} may be empty (keys: docs/configuration.md). */
    public CompletableFuture<Void> createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return done(client.request(
                ApiKey.CREATE_TOPIC,
                new CreateTopicRequest(name, partitions, configs == null ? Map.of() : configs),
                Empty::read));
    }

    public CompletableFuture<Void> deleteTopic(String name) {
        Objects.requireNonNull(name, "name");
        return done(client.request(ApiKey.DELETE_TOPIC, new DeleteTopicRequest(name), Empty::read));
    }

    /** Topics whose names start with {@code prefix} (null or empty for all), in name order. */
    public CompletableFuture<List<ListTopicsResponse.Listing>> listTopics(String prefix) {
        return client.request(ApiKey.LIST_TOPICS, new ListTopicsRequest(prefix), ListTopicsResponse::read)
                .thenApply(ListTopicsResponse::topics);
    }

    /** The topic's effective configuration and the offsets and size of each partition. */
    public CompletableFuture<DescribeTopicResponse> describeTopic(String name) {
        Objects.requireNonNull(name, "name");
        return client.request(ApiKey.DESCRIBE_TOPIC, new DescribeTopicRequest(name), DescribeTopicResponse::read);
    }

    /** Sets and resets configuration keys of a topic; all changes apply or none does. */
    public CompletableFuture<Void> alterTopicConfig(String name, Map<String, String> set, List<String> reset) {
        Objects.requireNonNull(name, "name");
        return done(client.request(
                ApiKey.ALTER_TOPIC_CONFIG,
                new AlterTopicConfigRequest(name, set == null ? Map.of() : set, reset == null ? List.of() : reset),
                Empty::read));
    }

    /** Creates a user, or replaces the password and roles of an existing one. */
    public CompletableFuture<Void> createUser(String username, String password, List<String> roles) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return done(client.request(
                ApiKey.CREATE_USER,
                new CreateUserRequest(username, password, roles == null ? List.of() : roles),
                Empty::read));
    }

    /** Users whose names start with {@code prefix} (null or empty for all), with their roles, in name order. */
    public CompletableFuture<List<ListUsersResponse.User>> listUsers(String prefix) {
        return client.request(ApiKey.LIST_USERS, new ListUsersRequest(prefix), ListUsersResponse::read)
                .thenApply(ListUsersResponse::users);
    }

    /** Deletes a user and every grant naming it (UNKNOWN_USER if there is none). */
    public CompletableFuture<Void> deleteUser(String username) {
        Objects.requireNonNull(username, "username");
        return done(client.request(ApiKey.DELETE_USER, new DeleteUserRequest(username), Empty::read));
    }

    /**
     * Gives a user a new password, keeping its roles. A user changes its own password with the
     * current one; a user with the admin role may pass {@code null} as the current password and
     * change anyone's.
     */
    public CompletableFuture<Void> changePassword(String username, String currentPassword, String newPassword) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(newPassword, "newPassword");
        return done(client.request(
                ApiKey.CHANGE_PASSWORD,
                new ChangePasswordRequest(username, currentPassword, newPassword),
                Empty::read));
    }

    /**
     * Allows a user or a role {@code permissions} on every destination {@code pattern} matches
     * ({@code orders.*}: one more word, {@code orders.#}: any number, {@code #}: everything).
     */
    public CompletableFuture<Void> grant(
            PrincipalType type, String principal, String pattern, Set<Permission> permissions) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(pattern, "pattern");
        return done(client.request(ApiKey.GRANT, new GrantRequest(type, principal, pattern, permissions), Empty::read));
    }

    /** Takes back permissions granted on exactly {@code pattern}; revoking what was not granted changes nothing. */
    public CompletableFuture<Void> revoke(
            PrincipalType type, String principal, String pattern, Set<Permission> permissions) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(pattern, "pattern");
        return done(
                client.request(ApiKey.REVOKE, new RevokeRequest(type, principal, pattern, permissions), Empty::read));
    }

    /**
     * Grants of one principal, of every principal of a type ({@code principal} null), or all
     * ({@code type} null), one entry per principal and pattern.
     */
    public CompletableFuture<List<ListGrantsResponse.Grant>> listGrants(PrincipalType type, String principal) {
        return client.request(ApiKey.LIST_GRANTS, new ListGrantsRequest(type, principal), ListGrantsResponse::read)
                .thenApply(ListGrantsResponse::grants);
    }

    /** Brokers and the partitions of {@code topics} ({@code null} for every topic); per-topic errors stay in the answer. */
    public CompletableFuture<MetadataResponse> metadata(List<String> topics) {
        return client.request(ApiKey.METADATA, new MetadataRequest(topics), MetadataResponse::read);
    }

    /**
     * Finds offsets: per partition, {@link ListOffsetsRequest#LATEST}, {@link
     * ListOffsetsRequest#EARLIEST}, or the first offset at or after an epoch-millisecond timestamp.
     * Fails with the first partition error the broker reports.
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> listOffsets(Map<TopicPartition, Long> queries) {
        return client.request(ApiKey.LIST_OFFSETS, listOffsetsRequest(queries), ListOffsetsResponse::read)
                .thenApply(SluiceAdmin::offsets);
    }

    // ---- operations (APIs 60-71) ----

    /** The broker's health and totals: uptime, connections, disk, heap, messages in and out. */
    public CompletableFuture<BrokerStatsResponse> brokerStats() {
        return client.request(ApiKey.BROKER_STATS, Empty.INSTANCE, BrokerStatsResponse::read);
    }

    /** Sizes, backlog and traffic of every destination whose name starts with {@code prefix} (null: all). */
    public CompletableFuture<List<DestinationStatsResponse.DestinationStats>> destinationStats(String prefix) {
        return client.request(
                        ApiKey.DESTINATION_STATS, new DestinationStatsRequest(prefix), DestinationStatsResponse::read)
                .thenApply(DestinationStatsResponse::destinations);
    }

    /** The broker's open client connections. */
    public CompletableFuture<List<ListConnectionsResponse.Connection>> listConnections() {
        return client.request(ApiKey.LIST_CONNECTIONS, Empty.INSTANCE, ListConnectionsResponse::read)
                .thenApply(ListConnectionsResponse::connections);
    }

    /** Closes a client connection (UNKNOWN_CONNECTION if there is none). */
    public CompletableFuture<Void> closeConnection(long connectionId) {
        return done(client.request(ApiKey.CLOSE_CONNECTION, new CloseConnectionRequest(connectionId), Empty::read));
    }

    /** The subscriptions of a destination with their backlog, in-flight count and consumers. */
    public CompletableFuture<List<ListSubscriptionsResponse.SubscriptionInfo>> listSubscriptions(String topic) {
        Objects.requireNonNull(topic, "topic");
        return client.request(
                        ApiKey.LIST_SUBSCRIPTIONS, new ListSubscriptionsRequest(topic), ListSubscriptionsResponse::read)
                .thenApply(ListSubscriptionsResponse::subscriptions);
    }

    /** Deletes an idle durable subscription by id. */
    public CompletableFuture<Void> deleteSubscription(long subscriptionId) {
        return done(
                client.request(ApiKey.DELETE_SUBSCRIPTION, new DeleteSubscriptionRequest(subscriptionId), Empty::read));
    }

    /** Removes every message of a queue that no consumer holds; completes with how many. */
    public CompletableFuture<Long> purgeQueue(String queue) {
        Objects.requireNonNull(queue, "queue");
        return client.request(ApiKey.PURGE_QUEUE, new PurgeQueueRequest(queue), CountResponse::read)
                .thenApply(CountResponse::count);
    }

    /**
     * A page of stored or unacknowledged messages. The records are copied out of the network
     * buffer, so the result may be kept.
     */
    public CompletableFuture<InspectedPage> inspectMessages(InspectMessagesRequest request) {
        Objects.requireNonNull(request, "request");
        return client.request(ApiKey.INSPECT_MESSAGES, request, InspectedPage::copyOf);
    }

    /** Deletes (acknowledges) messages; see {@link DeleteMessagesRequest}. */
    public CompletableFuture<MessageActionResponse> deleteMessages(DeleteMessagesRequest request) {
        return client.request(ApiKey.DELETE_MESSAGES, request, MessageActionResponse::read);
    }

    /** Moves or copies messages to another destination; see {@link MoveMessagesRequest}. */
    public CompletableFuture<MessageActionResponse> moveMessages(MoveMessagesRequest request) {
        return client.request(ApiKey.MOVE_MESSAGES, request, MessageActionResponse::read);
    }

    /** Sends dead-lettered messages back to their original destinations; see {@link RedriveMessagesRequest}. */
    public CompletableFuture<MessageActionResponse> redriveMessages(RedriveMessagesRequest request) {
        return client.request(ApiKey.REDRIVE_MESSAGES, request, MessageActionResponse::read);
    }

    /** Idempotent producers per partition of {@code topic} (null: every destination). */
    public CompletableFuture<List<ListProducersResponse.ProducerInfo>> listProducers(String topic) {
        return client.request(ApiKey.LIST_PRODUCERS, new ListProducersRequest(topic), ListProducersResponse::read)
                .thenApply(ListProducersResponse::producers);
    }

    static ListOffsetsRequest listOffsetsRequest(Map<TopicPartition, Long> queries) {
        Map<String, List<ListOffsetsRequest.PartitionQuery>> byTopic = new LinkedHashMap<>();
        queries.forEach((tp, timestamp) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new ListOffsetsRequest.PartitionQuery(tp.partition(), timestamp)));
        List<ListOffsetsRequest.TopicQuery> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new ListOffsetsRequest.TopicQuery(topic, partitions)));
        return new ListOffsetsRequest(topics);
    }

    /** The offset the next record of {@code tp} will get (its high watermark). */
    public CompletableFuture<Long> latestOffset(TopicPartition tp) {
        return listOffsets(Map.of(tp, ListOffsetsRequest.LATEST))
                .thenApply(m -> m.get(tp).offset());
    }

    /** The first offset still stored in {@code tp}. */
    public CompletableFuture<Long> earliestOffset(TopicPartition tp) {
        return listOffsets(Map.of(tp, ListOffsetsRequest.EARLIEST))
                .thenApply(m -> m.get(tp).offset());
    }

    static Map<TopicPartition, OffsetAndTimestamp> offsets(ListOffsetsResponse response) {
        Map<TopicPartition, OffsetAndTimestamp> result = new LinkedHashMap<>();
        for (ListOffsetsResponse.TopicOffsets t : response.topics()) {
            for (ListOffsetsResponse.PartitionOffset p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.topic(), p.partition());
                if (p.error() != ErrorCode.NONE) {
                    throw ClientErrors.fromBroker("LIST_OFFSETS of " + tp, p.error(), p.errorMessage());
                }
                result.put(tp, new OffsetAndTimestamp(p.offset(), p.timestamp()));
            }
        }
        return result;
    }

    private static CompletableFuture<Void> done(CompletableFuture<Empty> request) {
        return request.thenApply(empty -> null);
    }
}
