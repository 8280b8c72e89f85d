package io.sluice.protocol.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The operations of the Sluice protocol, each with its stable numeric key and the API versions this
 * build speaks. Keys are never renumbered or reused.
 *
 * <p>Immutable; thread-safe.
 */
public enum ApiKey {
    HANDSHAKE(0),
    HEARTBEAT(1),
    METADATA(2),
    CREATE_TOPIC(3),
    DELETE_TOPIC(4),
    LIST_TOPICS(5),
    DESCRIBE_TOPIC(6),
    ALTER_TOPIC_CONFIG(7),
    PRODUCE(8),
    FETCH(9),
    LIST_OFFSETS(10),
    INIT_PRODUCER_ID(11),
    CREATE_USER(12),
    SET_CLIENT_ID(13),
    RESOLVE_DESTINATION(14),
    CREATE_CONSUMER(15),
    CLOSE_CONSUMER(16),
    FLOW(17),
    DELIVER(18),
    ACK(19),
    UNSUBSCRIBE(20),
    BROWSE(21),
    CREATE_TEMPORARY(22),
    DELETE_TEMPORARY(23),
    COMMIT_TRANSACTION(24),
    // 40-49: security administration.
    LIST_USERS(40),
    DELETE_USER(41),
    CHANGE_PASSWORD(42),
    GRANT(43),
    REVOKE(44),
    LIST_GRANTS(45),
    // 60-79: operations administration (the web console); see docs/protocol.md.
    BROKER_STATS(60),
    DESTINATION_STATS(61),
    LIST_CONNECTIONS(62),
    CLOSE_CONNECTION(63),
    LIST_SUBSCRIPTIONS(64),
    DELETE_SUBSCRIPTION(65),
    PURGE_QUEUE(66),
    INSPECT_MESSAGES(67),
    DELETE_MESSAGES(68),
    MOVE_MESSAGES(69),
    REDRIVE_MESSAGES(70),
    LIST_PRODUCERS(71);

    private static final Map<Short, ApiKey> BY_ID = new HashMap<>();

    static {
        for (ApiKey key : values()) {
            if (BY_ID.put(key.id, key) != null) {
                throw new ExceptionInInitializerError("duplicate api key " + key.id);
            }
        }
    }

    private final short id;
    private final short minVersion;
    private final short maxVersion;

    ApiKey(int id) {
        this(id, 1, 1);
    }

    ApiKey(int id, int minVersion, int maxVersion) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    public short id() {
        return id;
    }

    public short minVersion() {
        return minVersion;
    }

    public short maxVersion() {
        return maxVersion;
    }

    public boolean supportsVersion(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    /** The API with this key, or {@code null} if this build does not know it. */
    public static ApiKey forId(short id) {
        return BY_ID.get(id);
    }
}
