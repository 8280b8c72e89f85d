package io.sluice.client;

import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.MetadataRequest;
import io.sluice.protocol.api.MetadataResponse;
import io.sluice.protocol.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Partition counts of the topics a producer writes to, asked from the broker once per topic and
 * forgotten when a produce answer says the topic or partition is unknown (the topic may have been
 * deleted and re-created). Concurrent lookups of one topic share one METADATA request.
 *
 * <p>Thread-safe.
 */
final class MetadataCache {
    private final ClientConnection connection;
    private final long requestTimeoutMs;
    private final Map<String, CompletableFuture<Integer>> partitions = new ConcurrentHashMap<>();

    MetadataCache(ClientConnection connection, long requestTimeoutMs) {
        this.connection = connection;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * The number of partitions of {@code topic}, waiting up to {@code maxBlockMs} for the broker.
     *
     * @throws SluiceClientException UNKNOWN_TOPIC, REQUEST_TIMED_OUT, or the broker's error
     */
    int partitionCount(String topic, long maxBlockMs) {
        CompletableFuture<Integer> lookup = partitions.computeIfAbsent(topic, this::fetch);
        Integer cached = lookup.getNow(null);
        if (cached != null) {
            return cached;
        }
        try {
            return lookup.get(maxBlockMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ClientErrors.timeout("METADATA of topic '" + topic + "' (maxBlockMs)", maxBlockMs);
        } catch (ExecutionException e) {
            partitions.remove(topic, lookup);
            throw ClientErrors.unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientErrors.illegalState("interrupted while waiting for metadata of topic '" + topic + "'");
        }
    }

    void invalidate(String topic) {
        CompletableFuture<Integer> lookup = partitions.get(topic);
        if (lookup != null && lookup.isDone()) {
            partitions.remove(topic, lookup);
        }
    }

    private CompletableFuture<Integer> fetch(String topic) {
        return connection
                .send(ApiKey.METADATA, new MetadataRequest(List.of(topic)), MetadataResponse::read, requestTimeoutMs)
                .thenApply(response -> partitionsOf(topic, response));
    }

    private static int partitionsOf(String topic, MetadataResponse response) {
        for (MetadataResponse.Topic t : response.topics()) {
            if (t.name().equals(topic)) {
                if (t.error() != ErrorCode.NONE) {
                    throw ClientErrors.fromBroker("METADATA of topic '" + topic + "'", t.error(), null);
                }
                if (t.partitions().isEmpty()) {
                    throw ClientErrors.fromBroker(
                            "METADATA of topic '" + topic + "'",
                            ErrorCode.UNKNOWN_PARTITION,
                            "the topic has no partitions");
                }
                return t.partitions().size();
            }
        }
        throw ClientErrors.fromBroker(
                "METADATA of topic '" + topic + "'", ErrorCode.UNKNOWN_TOPIC, "the broker did not describe the topic");
    }
}
