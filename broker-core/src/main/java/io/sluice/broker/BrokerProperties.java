package io.sluice.broker;

import io.sluice.broker.server.ProduceMemory;
import io.sluice.broker.server.TlsConfig;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Reads a broker configuration from properties ({@code conf/broker.properties}, {@code --set}
 * overrides). Every key is documented in {@code docs/configuration.md}; an unknown key is an
 * error, so a typo cannot silently leave a default in force.
 *
 * <pre>
 * security.users.NAME.password = secret      declares user NAME (created or updated at start)
 * security.users.NAME.roles    = admin,other roles of NAME (optional)
 * security.grants.user.NAME    = PATTERN:PERM[,PERM...][; PATTERN:PERM...]   grants to user NAME
 * security.grants.role.NAME    = the same, for every user with role NAME
 * topic.default.KEY            = value       broker default of topic config KEY
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BrokerProperties {
    private static final String USERS_PREFIX = "security.users.";
    private static final String TOPIC_DEFAULT_PREFIX = "topic.default.";
    private static final String GRANTS_PREFIX = "security.grants.";
    private static final String TLS_PREFIX = "tls.";
    private static final List<String> TLS_KEYS = List.of(
            "tls.enabled",
            "tls.keystore.path",
            "tls.keystore.password",
            "tls.keystore.type",
            "tls.key.password",
            "tls.protocols",
            "tls.cipher.suites");

    private static final Map<String, BiConsumer<BrokerConfig.Builder, String>> SIMPLE_KEYS = new HashMap<>();

    static {
        SIMPLE_KEYS.put("broker.id", (b, v) -> b.brokerId(parseInt("broker.id", v)));
        SIMPLE_KEYS.put("listen.host", BrokerConfig.Builder::host);
        SIMPLE_KEYS.put("listen.port", (b, v) -> b.port(parseInt("listen.port", v)));
        SIMPLE_KEYS.put("data.dir", (b, v) -> b.dataDir(Path.of(v)));
        SIMPLE_KEYS.put("security.enabled", (b, v) -> b.securityEnabled(parseBoolean("security.enabled", v)));
        SIMPLE_KEYS.put(
                "security.password.iterations",
                (b, v) -> b.passwordIterations(parseInt("security.password.iterations", v)));
        SIMPLE_KEYS.put(
                "security.passwords.require.tls",
                (b, v) -> b.passwordsRequireTls(parseBoolean("security.passwords.require.tls", v)));
        SIMPLE_KEYS.put(
                "frame.preauth.max.bytes", (b, v) -> b.preAuthMaxFrameBytes(parseInt("frame.preauth.max.bytes", v)));
        SIMPLE_KEYS.put("frame.max.bytes", (b, v) -> b.maxFrameBytes(parseInt("frame.max.bytes", v)));
        SIMPLE_KEYS.put(
                "connection.idle.timeout.ms", (b, v) -> b.idleTimeoutMs(parseInt("connection.idle.timeout.ms", v)));
        SIMPLE_KEYS.put(
                "connection.preauth.timeout.ms",
                (b, v) -> b.preAuthTimeoutMs(parseInt("connection.preauth.timeout.ms", v)));
        SIMPLE_KEYS.put(
                "connection.max.per.address",
                (b, v) -> b.maxConnectionsPerAddress(parseInt("connection.max.per.address", v)));
        SIMPLE_KEYS.put(
                "connection.max.consumers",
                (b, v) -> b.maxConsumersPerConnection(parseInt("connection.max.consumers", v)));
        SIMPLE_KEYS.put(
                "connection.max.temporaries",
                (b, v) -> b.maxTemporariesPerConnection(parseInt("connection.max.temporaries", v)));
        SIMPLE_KEYS.put("storage.min.free.bytes", (b, v) -> b.minFreeDiskBytes(parseLong("storage.min.free.bytes", v)));
        SIMPLE_KEYS.put("produce.memory.bytes", (b, v) -> b.produceMemoryBytes(parseLong("produce.memory.bytes", v)));
        SIMPLE_KEYS.put(
                "produce.memory.connection.bytes",
                (b, v) -> b.produceMemoryConnectionBytes(parseLong("produce.memory.connection.bytes", v)));
        SIMPLE_KEYS.put("produce.memory.policy", (b, v) -> b.produceMemoryPolicy(parsePolicy(v)));
        SIMPLE_KEYS.put(
                "connection.write.buffer.bytes",
                (b, v) -> b.writeBufferBytes(parseInt("connection.write.buffer.bytes", v)));
        SIMPLE_KEYS.put(
                "connection.max.inflight.requests",
                (b, v) -> b.maxInFlightRequests(parseInt("connection.max.inflight.requests", v)));
        SIMPLE_KEYS.put("threads.io", (b, v) -> b.ioThreads(parseInt("threads.io", v)));
        SIMPLE_KEYS.put("threads.storage", (b, v) -> b.storageThreads(parseInt("threads.storage", v)));
        SIMPLE_KEYS.put("threads.metadata", (b, v) -> b.metadataThreads(parseInt("threads.metadata", v)));
        SIMPLE_KEYS.put(
                "executor.queue.capacity", (b, v) -> b.executorQueueCapacity(parseInt("executor.queue.capacity", v)));
        SIMPLE_KEYS.put(
                "producer.id.block.size", (b, v) -> b.producerIdBlockSize(parseInt("producer.id.block.size", v)));
        SIMPLE_KEYS.put(
                "producer.snapshot.interval.ms",
                (b, v) -> b.producerSnapshotIntervalMs(parseLong("producer.snapshot.interval.ms", v)));
        SIMPLE_KEYS.put("topic.max.partitions", (b, v) -> b.maxPartitions(parseInt("topic.max.partitions", v)));
        SIMPLE_KEYS.put("shutdown.timeout.ms", (b, v) -> b.shutdownTimeoutMs(parseLong("shutdown.timeout.ms", v)));
        SIMPLE_KEYS.put(
                "destination.auto.create",
                (b, v) -> b.autoCreateDestinations(parseBoolean("destination.auto.create", v)));
        SIMPLE_KEYS.put("threads.delivery", (b, v) -> b.deliveryThreads(parseInt("threads.delivery", v)));
        SIMPLE_KEYS.put(
                "delivery.window.messages",
                (b, v) -> b.deliveryWindowMessages(parseInt("delivery.window.messages", v)));
        SIMPLE_KEYS.put(
                "delivery.window.bytes", (b, v) -> b.deliveryWindowBytes(parseLong("delivery.window.bytes", v)));
        SIMPLE_KEYS.put("delivery.read.bytes", (b, v) -> b.deliveryReadBytes(parseInt("delivery.read.bytes", v)));
        SIMPLE_KEYS.put(
                "delivery.snapshot.interval.ms",
                (b, v) -> b.deliverySnapshotIntervalMs(parseLong("delivery.snapshot.interval.ms", v)));
        SIMPLE_KEYS.put(
                "delivery.drain.wait.ms", (b, v) -> b.deliveryDrainWaitMs(parseLong("delivery.drain.wait.ms", v)));
        SIMPLE_KEYS.put(
                "cursor.log.segment.bytes", (b, v) -> b.cursorLogSegmentBytes(parseInt("cursor.log.segment.bytes", v)));
        SIMPLE_KEYS.put("transaction.max.bytes", (b, v) -> b.transactionMaxBytes(parseInt("transaction.max.bytes", v)));
        SIMPLE_KEYS.put(
                "transaction.max.messages",
                (b, v) -> b.transactionMaxMessages(parseInt("transaction.max.messages", v)));
        SIMPLE_KEYS.put(
                "transaction.log.segment.bytes",
                (b, v) -> b.transactionLogSegmentBytes(parseInt("transaction.log.segment.bytes", v)));
        SIMPLE_KEYS.put(
                "transaction.outcome.retention.ms",
                (b, v) -> b.transactionOutcomeRetentionMs(parseLong("transaction.outcome.retention.ms", v)));
    }

    private BrokerProperties() {}

    /** Loads a properties file (UTF-8). */
    public static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new BrokerConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * Applies every key of {@code properties} to {@code builder}.
     *
     * @throws BrokerConfigException for an unknown key or an unparsable value
     */
    public static BrokerConfig.Builder apply(Properties properties, BrokerConfig.Builder builder) {
        Map<String, String> sorted = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(k -> sorted.put(k.trim(), properties.getProperty(k).trim()));
        Map<String, String> passwords = new TreeMap<>();
        Map<String, String> roles = new TreeMap<>();
        Map<String, String> tls = new TreeMap<>();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            BiConsumer<BrokerConfig.Builder, String> setter = SIMPLE_KEYS.get(key);
            if (setter != null) {
                setter.accept(builder, value);
            } else if (key.equals("topic.default.partitions")) {
                builder.defaultPartitions(parseInt(key, value));
            } else if (key.startsWith(TOPIC_DEFAULT_PREFIX)) {
                builder.topicDefault(key.substring(TOPIC_DEFAULT_PREFIX.length()), value);
            } else if (TLS_KEYS.contains(key)) {
                tls.put(key, value);
            } else if (key.startsWith(GRANTS_PREFIX)) {
                parseGrants(key, value, builder);
            } else if (key.startsWith(USERS_PREFIX) && key.endsWith(".password")) {
                passwords.put(userName(key, ".password"), value);
            } else if (key.startsWith(USERS_PREFIX) && key.endsWith(".roles")) {
                roles.put(userName(key, ".roles"), value);
            } else {
                throw new BrokerConfigException("unknown broker configuration key '" + key + "'");
            }
        }
        for (String user : roles.keySet()) {
            if (!passwords.containsKey(user)) {
                throw new BrokerConfigException(
                        USERS_PREFIX + user + ".roles is set but " + USERS_PREFIX + user + ".password is missing");
            }
        }
        passwords.forEach((user, password) -> builder.user(user, password, parseRoles(roles.get(user))));
        applyTls(tls, builder);
        return builder;
    }

    /** The {@code tls.*} keys: with {@code tls.enabled=true} a key store is required. */
    private static void applyTls(Map<String, String> tls, BrokerConfig.Builder builder) {
        boolean enabled = parseBoolean("tls.enabled", tls.getOrDefault("tls.enabled", "false"));
        if (!enabled) {
            for (String key : tls.keySet()) {
                if (!key.equals("tls.enabled")) {
                    throw new BrokerConfigException(key + " is set but tls.enabled is not true");
                }
            }
            builder.tls(null);
            return;
        }
        String path = tls.get("tls.keystore.path");
        if (path == null || path.isEmpty()) {
            throw new BrokerConfigException("tls.enabled=true needs tls.keystore.path (a PKCS12 or JKS key store)");
        }
        String type = tls.getOrDefault("tls.keystore.type", "PKCS12").toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new BrokerConfigException("tls.keystore.type must be PKCS12 or JKS, was '" + type + "'");
        }
        builder.tls(new TlsConfig(
                Path.of(path),
                tls.get("tls.keystore.password"),
                type,
                tls.get("tls.key.password"),
                splitList(tls.get("tls.protocols"), TlsConfig.DEFAULT_PROTOCOLS),
                splitList(tls.get("tls.cipher.suites"), List.of())));
    }

    private static List<String> splitList(String value, List<String> whenAbsent) {
        if (value == null || value.isBlank()) {
            return whenAbsent;
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** {@code security.grants.user.NAME} or {@code .role.NAME} = {@code PATTERN:PERM,PERM; PATTERN:PERM}. */
    private static void parseGrants(String key, String value, BrokerConfig.Builder builder) {
        String rest = key.substring(GRANTS_PREFIX.length());
        PrincipalType type;
        if (rest.startsWith("user.")) {
            type = PrincipalType.USER;
        } else if (rest.startsWith("role.")) {
            type = PrincipalType.ROLE;
        } else {
            throw new BrokerConfigException(
                    "'" + key + "' must be " + GRANTS_PREFIX + "user.NAME or " + GRANTS_PREFIX + "role.NAME");
        }
        String principal = rest.substring(5);
        if (principal.isEmpty()) {
            throw new BrokerConfigException("'" + key + "' names no " + type);
        }
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new BrokerConfigException(key + " must list PATTERN:PERMISSION[,PERMISSION...] entries"
                        + " separated by ';', was '" + entry.trim() + "'");
            }
            String pattern = entry.substring(0, colon).trim();
            List<Permission> permissions = new ArrayList<>();
            for (String name : entry.substring(colon + 1).split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    permissions.add(Permission.forName(name));
                } catch (IllegalArgumentException e) {
                    throw new BrokerConfigException(key + ": " + e.getMessage());
                }
            }
            if (permissions.isEmpty()) {
                throw new BrokerConfigException(key + ": pattern '" + pattern + "' has no permission");
            }
            builder.grant(type, principal, pattern, permissions.toArray(Permission[]::new));
        }
    }

    private static String userName(String key, String suffix) {
        String name = key.substring(USERS_PREFIX.length(), key.length() - suffix.length());
        if (name.isEmpty()) {
            throw new BrokerConfigException("'" + key + "' names no user");
        }
        return name;
    }

    private static List<String> parseRoles(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static ProduceMemory.Policy parsePolicy(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "block" -> ProduceMemory.Policy.BLOCK;
            case "fail" -> ProduceMemory.Policy.FAIL;
            default ->
                throw new BrokerConfigException("produce.memory.policy must be 'block' or 'fail', was '" + value + "'");
        };
    }

    static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BrokerConfigException(key + " must be a whole number, was '" + value + "'");
        }
    }

    static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BrokerConfigException(key + " must be a whole number, was '" + value + "'");
        }
    }

    static boolean parseBoolean(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BrokerConfigException(key + " must be 'true' or 'false', was '" + value + "'");
        };
    }
}
