package io.sluice.broker.testing;

import io.sluice.protocol.api.AckRequest;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.api.ProduceRequest;
import io.sluice.protocol.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transacted JMS session does with COMMIT_TRANSACTION, at frame level, for tests: buffers
 * the sends and acknowledgements of the open transaction, builds the request with its idempotent
 * producer's sequences, keeps a request whose outcome is unknown for resending, and moves its
 * sequences on only when a commit succeeded.
 *
 * <p>Not thread-safe.
 */
public final class TransactedSession {
    private final long producerId;
    private final short epoch;
    private final Map<String, Integer> nextSequence = new HashMap<>();
    private final Map<String, List<JmsRecords.Msg>> sends = new LinkedHashMap<>();
    private final List<Long> acks = new ArrayList<>();
    private long nextTransaction;
    private CommitTransactionRequest inDoubt;

    public TransactedSession(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
    }

    /** A session with a fresh producer id from INIT_PRODUCER_ID on {@code c}. */
    public static TransactedSession init(FrameClient c) throws IOException {
        InitProducerIdResponse id =
                c.call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read);
        return new TransactedSession(id.producerId(), id.producerEpoch());
    }

    public long producerId() {
        return producerId;
    }

    /** Whether a commit was built and may have been sent, its outcome not known yet. */
    public boolean isInDoubt() {
        return inDoubt != null;
    }

    public long nextTransaction() {
        return nextTransaction;
    }

    public void send(String topic, int partition, String... texts) {
        List<JmsRecords.Msg> list = sends.computeIfAbsent(topic + "/" + partition, k -> new ArrayList<>());
        for (String t : texts) {
            list.add(JmsRecords.text(t));
        }
    }

    public void ack(List<DeliveryClient.Received> received) {
        received.forEach(r -> acks.add(r.deliveryId()));
    }

    public void ack(long deliveryId) {
        acks.add(deliveryId);
    }

    /** The commit of the open transaction; the same request again while its outcome is unknown. */
    public CommitTransactionRequest request() {
        if (inDoubt != null) {
            return inDoubt;
        }
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        sends.forEach((key, messages) -> {
            String topic = key.substring(0, key.lastIndexOf('/'));
            int partition = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
            int sequence = nextSequence.getOrDefault(key, 0);
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(
                            partition,
                            JmsRecords.batch(producerId, epoch, sequence, System.currentTimeMillis(), messages)));
        });
        List<ProduceRequest.TopicData> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new ProduceRequest.TopicData(topic, partitions)));
        List<AckRequest.Range> ranges = new ArrayList<>();
        for (long id : acks) {
            ranges.add(new AckRequest.Range(id, id));
        }
        inDoubt = new CommitTransactionRequest(producerId, epoch, nextTransaction, 10_000, topics, ranges);
        return inDoubt;
    }

    /**
     * Sends the commit (or resends the one in doubt) and settles the session by the answer: on
     * success the sequences move on, on a definitive error the transaction is dropped (the broker
     * applied nothing), on a retriable error it stays in doubt.
     */
    public FrameClient.Response commit(FrameClient c) throws IOException {
        FrameClient.Response response = c.request(ApiKey.COMMIT_TRANSACTION, request());
        if (response.error() == ErrorCode.NONE) {
            committed();
        } else if (!response.error().isRetriable()) {
            rolledBack();
        }
        return response;
    }

    /** The transaction in doubt was applied. */
    public void committed() {
        sends.forEach((key, messages) -> nextSequence.merge(key, messages.size(), Integer::sum));
        clear();
    }

    /** The transaction in doubt was not applied (or is abandoned before it was sent). */
    public void rolledBack() {
        clear();
    }

    private void clear() {
        sends.clear();
        acks.clear();
        inDoubt = null;
        nextTransaction++;
    }
}
