package io.sluice.bench.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code key=value} arguments the runner passes to a broker launcher's {@code main}.
 *
 * <p>Immutable; thread-safe.
 */
public final class LauncherArgs {
    private final Map<String, String> values;

    private LauncherArgs(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Parses {@code key=value} arguments; anything else is an error. */
    public static LauncherArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("launcher argument must be key=value, was '" + a + "'");
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return new LauncherArgs(values);
    }

    /** Builds the argument list for {@code values}. */
    public static List<String> of(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing launcher argument " + key + "=...");
        }
        return v;
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("launcher argument " + key + " must be an integer, was '" + v + "'", e);
        }
    }

    public long getLong(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("launcher argument " + key + " must be an integer, was '" + v + "'", e);
        }
    }
}
