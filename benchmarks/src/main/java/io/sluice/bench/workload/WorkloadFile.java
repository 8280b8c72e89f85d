package io.sluice.bench.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads workload suites from JSON (comments allowed). The format, field by field, is documented in
 * {@code docs/benchmarks.md}; in short:
 *
 * <pre>
 * {
 *   "title": "Standard set",
 *   "comparisons": { "jms": { "subject": "sluice-jms", "peers": ["artemis-default"] } },
 *   "machineLimits": { "roundTrips": 20000, "fsyncSamples": 1000, "seqWriteMb": 1024,
 *                      "chunkKb": 64, "forceEveryKb": [0, 64] },
 *   "defaults": { "messageBytes": 1024, "warmupSeconds": 5, "durationSeconds": 20 },
 *   "workloads": [ { "name": "queue-persistent", "api": "jms",
 *                    "destination": { "type": "queue", "name": "bench.q", "partitions": 1 },
 *                    "producers": 1, "consumers": 1, "deliveryMode": "persistent",
 *                    "sendMode": "async", "targetRate": "max" } ]
 * }
 * </pre>
 *
 * <p>Every field of {@code defaults} applies to every workload that does not set it. Unknown
 * fields and values of the wrong type are errors, so a typo never silently changes a benchmark.
 *
 * <p>Thread-safe: stateless apart from an immutable {@link ObjectMapper}.
 */
public final class WorkloadFile {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);

    private static final Set<String> SUITE_FIELDS =
            Set.of("title", "comparisons", "machineLimits", "defaults", "workloads");
    private static final Set<String> WORKLOAD_FIELDS = Set.of(
            "name",
            "title",
            "api",
            "mode",
            "destination",
            "producers",
            "consumers",
            "subscriptions",
            "durable",
            "messageBytes",
            "targetRate",
            "deliveryMode",
            "sendMode",
            "acknowledgeMode",
            "transactionSize",
            "maxOutstandingSends",
            "warmupSeconds",
            "durationSeconds",
            "backlogMessages",
            "backlogCheckpoints",
            "properties");
    private static final Set<String> DESTINATION_FIELDS = Set.of("type", "name", "partitions");
    private static final Set<String> LIMIT_FIELDS =
            Set.of("roundTrips", "fsyncSamples", "seqWriteMb", "chunkKb", "forceEveryKb");

    private WorkloadFile() {}

    /** Reads a suite from a file. */
    public static WorkloadSuite read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new InvalidWorkloadException("cannot read workload file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a suite bundled on the class path under {@code workloads/}, e.g. {@code standard.json}. */
    public static WorkloadSuite readResource(String name) {
        String path = "workloads/" + name;
        try (InputStream in = WorkloadFile.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new InvalidWorkloadException("no bundled workload file " + path);
            }
            return read(in, path);
        } catch (IOException e) {
            throw new InvalidWorkloadException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a suite from JSON text; {@code source} names it in error messages. */
    public static WorkloadSuite parse(String json, String source) {
        try {
            return toSuite(MAPPER.readTree(json), source);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkloadException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static WorkloadSuite read(InputStream in, String source) throws IOException {
        try {
            return toSuite(MAPPER.readTree(in), source);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkloadException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static WorkloadSuite toSuite(JsonNode root, String source) {
        ObjectNode suite = object(root, source);
        checkFields(suite, SUITE_FIELDS, source);
        String title = text(suite, "title", source, source);
        ObjectNode defaults = suite.has("defaults") ? object(suite.get("defaults"), source + ".defaults") : null;
        if (defaults != null) {
            checkFields(defaults, WORKLOAD_FIELDS, source + ".defaults");
        }
        JsonNode list = suite.get("workloads");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidWorkloadException(source + ": 'workloads' must be a non-empty array");
        }
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ObjectNode w = object(list.get(i), source + ".workloads[" + i + "]").deepCopy();
            checkFields(w, WORKLOAD_FIELDS, source + ".workloads[" + i + "]");
            if (defaults != null) {
                defaults.fieldNames().forEachRemaining(f -> {
                    if (!w.has(f)) {
                        w.set(f, defaults.get(f));
                    }
                });
            }
            workloads.add(toWorkload(w, source + ".workloads[" + i + "]"));
        }
        return new WorkloadSuite(
                title, workloads, comparisons(suite.get("comparisons"), source), limits(suite, source));
    }

    private static Map<Api, Comparison> comparisons(JsonNode node, String source) {
        ObjectNode all = object(node, source + ".comparisons");
        Map<Api, Comparison> result = new EnumMap<>(Api.class);
        for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
            String apiName = it.next();
            String where = source + ".comparisons." + apiName;
            Api api = enumValue(Api.class, apiName, where);
            ObjectNode c = object(all.get(apiName), where);
            checkFields(c, Set.of("subject", "subjectName", "peers"), where);
            List<String> peers = new ArrayList<>();
            JsonNode peerList = c.get("peers");
            if (peerList == null || !peerList.isArray()) {
                throw new InvalidWorkloadException(where + ".peers must be an array of driver ids");
            }
            peerList.forEach(p -> peers.add(p.asText()));
            String subject = text(c, "subject", null, where);
            result.put(api, new Comparison(subject, text(c, "subjectName", subject, where), peers));
        }
        return result;
    }

    private static Optional<MachineLimitSettings> limits(ObjectNode suite, String source) {
        if (!suite.has("machineLimits")) {
            return Optional.empty();
        }
        String where = source + ".machineLimits";
        ObjectNode l = object(suite.get("machineLimits"), where);
        checkFields(l, LIMIT_FIELDS, where);
        List<Integer> cadences = new ArrayList<>();
        JsonNode f = l.get("forceEveryKb");
        if (f == null || !f.isArray()) {
            throw new InvalidWorkloadException(where + ".forceEveryKb must be an array of KiB counts");
        }
        f.forEach(n -> cadences.add(intValue(n, where + ".forceEveryKb")));
        return Optional.of(new MachineLimitSettings(
                integer(l, "roundTrips", 20_000, where),
                integer(l, "fsyncSamples", 1_000, where),
                integer(l, "seqWriteMb", 1_024, where),
                integer(l, "chunkKb", 64, where),
                cadences));
    }

    private static Workload toWorkload(ObjectNode w, String where) {
        String name = text(w, "name", null, where);
        String at = where + " ('" + name + "')";
        ObjectNode d = object(w.get("destination"), at + ".destination");
        checkFields(d, DESTINATION_FIELDS, at + ".destination");
        DestinationType type = enumValue(DestinationType.class, text(d, "type", null, at + ".destination"), at);
        AckMode ack = enumValue(AckMode.class, text(w, "acknowledgeMode", "auto", at), at);
        return new Workload(
                name,
                text(w, "title", name, at),
                enumValue(Api.class, text(w, "api", null, at), at),
                enumValue(WorkloadMode.class, text(w, "mode", "throughput", at), at),
                type,
                text(d, "name", null, at + ".destination"),
                integer(d, "partitions", 1, at + ".destination"),
                integer(w, "producers", 1, at),
                integer(w, "consumers", 1, at),
                integer(w, "subscriptions", type == DestinationType.TOPIC ? 1 : 0, at),
                bool(w, "durable", true, at),
                integer(w, "messageBytes", 1024, at),
                rate(w.get("targetRate"), at),
                enumValue(DeliveryMode.class, text(w, "deliveryMode", "persistent", at), at),
                enumValue(SendMode.class, text(w, "sendMode", "async", at), at),
                ack,
                integer(w, "transactionSize", 0, at),
                integer(w, "maxOutstandingSends", 1000, at),
                integer(w, "warmupSeconds", 5, at),
                integer(w, "durationSeconds", 20, at),
                longValue(w, "backlogMessages", 0, at),
                checkpoints(w.get("backlogCheckpoints"), at),
                properties(w.get("properties"), at));
    }

    private static long rate(JsonNode n, String where) {
        if (n == null || (n.isTextual() && n.asText().equalsIgnoreCase("max"))) {
            return 0;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new InvalidWorkloadException(
                    where + ".targetRate must be \"max\" or messages per second as an integer, was " + n);
        }
        return n.asLong();
    }

    private static List<Long> checkpoints(JsonNode n, String where) {
        List<Long> result = new ArrayList<>();
        if (n == null) {
            return result;
        }
        if (!n.isArray()) {
            throw new InvalidWorkloadException(where + ".backlogCheckpoints must be an array of message counts");
        }
        for (JsonNode c : n) {
            if (!c.isIntegralNumber()) {
                throw new InvalidWorkloadException(where + ".backlogCheckpoints must hold integers, was " + c);
            }
            result.add(c.asLong());
        }
        return result;
    }

    private static Map<String, String> properties(JsonNode n, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        if (n == null) {
            return result;
        }
        ObjectNode o = object(n, where + ".properties");
        o.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw new InvalidWorkloadException(where + ".properties." + e.getKey() + " must be a plain value");
            }
            result.put(e.getKey(), e.getValue().asText());
        });
        return result;
    }

    private static ObjectNode object(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new InvalidWorkloadException(where + " must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static void checkFields(ObjectNode o, Set<String> known, String where) {
        o.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new InvalidWorkloadException(where + ": unknown field '" + f + "'; known fields are "
                        + known.stream().sorted().toList());
            }
        });
    }

    private static String text(ObjectNode o, String field, String fallback, String where) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new InvalidWorkloadException(where + ": missing field '" + field + "'");
            }
            return fallback;
        }
        if (!n.isTextual()) {
            throw new InvalidWorkloadException(where + "." + field + " must be a string, was " + n);
        }
        return n.asText();
    }

    private static int integer(ObjectNode o, String field, int fallback, String where) {
        JsonNode n = o.get(field);
        return n == null ? fallback : intValue(n, where + "." + field);
    }

    private static int intValue(JsonNode n, String where) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidWorkloadException(where + " must be an integer, was " + n);
        }
        return n.asInt();
    }

    private static long longValue(ObjectNode o, String field, long fallback, String where) {
        JsonNode n = o.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidWorkloadException(where + "." + field + " must be an integer, was " + n);
        }
        return n.asLong();
    }

    private static boolean bool(ObjectNode o, String field, boolean fallback, String where) {
        JsonNode n = o.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new InvalidWorkloadException(where + "." + field + " must be true or false, was " + n);
        }
        return n.asBoolean();
    }

    /** Parses an enum constant case-insensitively, accepting '-' for '_'. */
    static <E extends Enum<E>> E enumValue(Class<E> type, String text, String where) {
        String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new InvalidWorkloadException(
                where + ": '" + text + "' is not a " + type.getSimpleName() + "; expected one of " + allowed);
    }
}
