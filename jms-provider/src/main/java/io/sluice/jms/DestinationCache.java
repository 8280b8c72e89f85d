package io.sluice.jms;

import io.sluice.jms.destination.SluiceDestination;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.ResolveDestinationRequest;
import io.sluice.protocol.api.ResolveDestinationResponse;
import jakarta.jms.JMSException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition counts of the destinations a connection sends to, learned with RESOLVE_DESTINATION
 * (which creates a queue or topic on first use unless the broker refuses; temporary destinations are
 * only looked up). A destination is resolved once per connection; it is forgotten when the broker
 * reports it unknown (a deleted temporary destination) so that the next send asks again.
 *
 * <p>Thread-safe: a concurrent map; two threads resolving the same destination at once both ask.
 */
final class DestinationCache {
    private final SluiceConnection connection;
    private final Map<SluiceDestination, Integer> partitions = new ConcurrentHashMap<>();

    DestinationCache(SluiceConnection connection) {
        this.connection = connection;
    }

    /**
     * The destination's partition count, asking the broker the first time.
     *
     * @throws jakarta.jms.InvalidDestinationException if it does not exist and may not be created,
     *     exists as the other type, or has an invalid name
     */
    int partitions(SluiceDestination destination) throws JMSException {
        Integer known = partitions.get(destination);
        if (known != null) {
            return known;
        }
        ResolveDestinationResponse answer = connection
                .channel()
                .call(
                        "resolving " + destination,
                        ApiKey.RESOLVE_DESTINATION,
                        new ResolveDestinationRequest(destination.name(), destination.kind(), true),
                        ResolveDestinationResponse::read);
        int count = Math.max(1, answer.partitions());
        partitions.put(destination, count);
        return count;
    }

    void forget(SluiceDestination destination) {
        partitions.remove(destination);
    }
}
