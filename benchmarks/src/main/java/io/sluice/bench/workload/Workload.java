package io.sluice.bench.workload;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One benchmark workload: what to send, how, to where, and for how long. Workload files are parsed
 * into this by {@link WorkloadFile}; the constructor checks every field and combination, so a
 * {@code Workload} that exists can be run.
 *
 * <p>Counts are totals for the workload: {@code producers} producers share {@code
 * targetRatePerSecond} (0 means as fast as possible) equally. For a topic, {@code subscriptions}
 * subscriptions each have {@code consumers} consumers (more than one share the subscription); for a
 * queue, {@code consumers} consumers compete. {@code properties} carry driver-specific settings
 * (for example Kafka client overrides) and are passed through untouched.
 *
 * <p>Immutable; thread-safe.
 */
public record Workload(
        String name,
        String title,
        Api api,
        WorkloadMode mode,
        DestinationType destinationType,
        String destinationName,
        int partitions,
        int producers,
        int consumers,
        int subscriptions,
        boolean durableSubscriptions,
        int messageBytes,
        long targetRatePerSecond,
        DeliveryMode deliveryMode,
        SendMode sendMode,
        AckMode ackMode,
        int transactionSize,
        int maxOutstandingSends,
        int warmupSeconds,
        int durationSeconds,
        long backlogMessages,
        List<Long> backlogCheckpoints,
        Map<String, String> properties) {

    /** Every message starts with the 8-byte send timestamp. */
    public static final int MIN_MESSAGE_BYTES = 8;

    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    public Workload {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidWorkloadException(
                    "workload name must be 1-64 characters of a-z, 0-9, '.', '-', was " + quote(name));
        }
        require(name, title != null && !title.isBlank(), "title must not be empty");
        require(name, api != null, "api must be set");
        require(name, mode != null, "mode must be set");
        require(name, destinationType != null, "destination type must be set");
        require(
                name,
                destinationName != null && NAME.matcher(destinationName).matches(),
                "destination name must be 1-64 characters of a-z, 0-9, '.', '-', was " + quote(destinationName));
        require(name, partitions >= 1 && partitions <= 10_000, "partitions must be 1..10000, was " + partitions);
        require(name, producers >= 0 && producers <= 10_000, "producers must be 0..10000, was " + producers);
        require(name, consumers >= 0 && consumers <= 10_000, "consumers must be 0..10000, was " + consumers);
        require(
                name,
                subscriptions >= 0 && subscriptions <= 1_000,
                "subscriptions must be 0..1000, was " + subscriptions);
        require(
                name,
                messageBytes >= MIN_MESSAGE_BYTES && messageBytes <= MAX_MESSAGE_BYTES,
                "messageBytes must be " + MIN_MESSAGE_BYTES + ".." + MAX_MESSAGE_BYTES
                        + " (the first 8 bytes carry the send time), was " + messageBytes);
        require(
                name,
                targetRatePerSecond >= 0,
                "targetRatePerSecond must be >= 0 (0 = max rate), was " + targetRatePerSecond);
        require(name, deliveryMode != null, "deliveryMode must be set");
        require(name, sendMode != null, "sendMode must be set");
        require(name, ackMode != null, "acknowledgeMode must be set");
        require(name, transactionSize >= 0, "transactionSize must be >= 0, was " + transactionSize);
        require(
                name,
                (ackMode == AckMode.TRANSACTED) == (transactionSize > 0),
                "transactionSize must be > 0 exactly when acknowledgeMode is TRANSACTED, was " + transactionSize
                        + " with " + ackMode);
        require(name, maxOutstandingSends >= 1, "maxOutstandingSends must be >= 1, was " + maxOutstandingSends);
        require(name, warmupSeconds >= 0, "warmupSeconds must be >= 0, was " + warmupSeconds);
        require(name, durationSeconds >= 1, "durationSeconds must be >= 1, was " + durationSeconds);
        require(name, backlogMessages >= 0, "backlogMessages must be >= 0, was " + backlogMessages);
        backlogCheckpoints = List.copyOf(backlogCheckpoints == null ? List.of() : backlogCheckpoints);
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        require(name, producers >= 1, "needs at least one producer");
        if (destinationType == DestinationType.TOPIC) {
            require(name, subscriptions >= 1 || consumers == 0, "a topic with consumers needs subscriptions >= 1");
        } else {
            require(
                    name,
                    subscriptions == 0,
                    "subscriptions apply to topics only; a queue has none, was " + subscriptions);
        }
        if (api == Api.LOG) {
            require(name, deliveryMode == DeliveryMode.PERSISTENT, "the log API has no NON_PERSISTENT mode");
            require(name, ackMode != AckMode.TRANSACTED, "the log API runs no transactions");
        }
        checkMode(name, mode, consumers, backlogMessages, backlogCheckpoints);
        require(
                name,
                mode != WorkloadMode.DRAIN || api == Api.LOG || destinationType == DestinationType.QUEUE,
                "a JMS DRAIN workload needs a queue: topic subscriptions would miss the backlog sent before them");
    }

    private static void checkMode(
            String name, WorkloadMode mode, int consumers, long backlogMessages, List<Long> checkpoints) {
        switch (mode) {
            case THROUGHPUT -> require(name, consumers >= 1, "THROUGHPUT needs at least one consumer");
            case DRAIN -> {
                require(name, consumers >= 1, "DRAIN needs at least one consumer");
                require(name, backlogMessages >= 1, "DRAIN needs backlogMessages >= 1");
            }
            case BACKLOG_HEAP -> {
                require(name, consumers == 0, "BACKLOG_HEAP fills a backlog, so it runs no consumer");
                require(name, !checkpoints.isEmpty(), "BACKLOG_HEAP needs backlogCheckpoints");
                long previous = 0;
                for (long c : checkpoints) {
                    require(
                            name,
                            c > previous,
                            "backlogCheckpoints must be positive and ascending, was " + checkpoints);
                    previous = c;
                }
            }
        }
    }

    /** How many deliveries one sent message should cause: one per subscription of a topic. */
    public int deliveriesPerMessage() {
        return destinationType == DestinationType.TOPIC ? Math.max(1, subscriptions) : 1;
    }

    /** True when producers send as fast as the system accepts. */
    public boolean isMaxRate() {
        return targetRatePerSecond == 0;
    }

    /** The last backlog checkpoint, that is the most messages a BACKLOG_HEAP workload queues. */
    public long largestCheckpoint() {
        return backlogCheckpoints.isEmpty() ? 0 : backlogCheckpoints.get(backlogCheckpoints.size() - 1);
    }

    /** A copy with other warm-up and measured durations, for short runs of the same workload. */
    public Workload withTimes(int newWarmupSeconds, int newDurationSeconds) {
        return new Workload(
                name,
                title,
                api,
                mode,
                destinationType,
                destinationName,
                partitions,
                producers,
                consumers,
                subscriptions,
                durableSubscriptions,
                messageBytes,
                targetRatePerSecond,
                deliveryMode,
                sendMode,
                ackMode,
                transactionSize,
                maxOutstandingSends,
                newWarmupSeconds,
                newDurationSeconds,
                backlogMessages,
                backlogCheckpoints,
                properties);
    }

    /** A copy whose backlog sizes are scaled by {@code factor} (at least one message each). */
    public Workload withBacklogScaled(double factor) {
        List<Long> scaled = backlogCheckpoints.stream()
                .map(c -> Math.max(1L, Math.round(c * factor)))
                .distinct()
                .toList();
        return new Workload(
                name,
                title,
                api,
                mode,
                destinationType,
                destinationName,
                partitions,
                producers,
                consumers,
                subscriptions,
                durableSubscriptions,
                messageBytes,
                targetRatePerSecond,
                deliveryMode,
                sendMode,
                ackMode,
                transactionSize,
                maxOutstandingSends,
                warmupSeconds,
                durationSeconds,
                backlogMessages == 0 ? 0 : Math.max(1L, Math.round(backlogMessages * factor)),
                scaled,
                properties);
    }

    private static void require(String workload, boolean condition, String message) {
        if (!condition) {
            throw new InvalidWorkloadException("workload '" + workload + "': " + message);
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
