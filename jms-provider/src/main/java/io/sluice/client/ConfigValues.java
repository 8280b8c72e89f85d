package io.sluice.client;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of {@link Properties} for the client's configuration classes, and rejects
 * unknown keys and malformed numbers with a message that names the key and the value.
 *
 * <p>Not thread-safe; used by one thread while a configuration is being built.
 */
final class ConfigValues {
    private final Properties properties;
    private final Set<String> unread;

    ConfigValues(Properties properties) {
        this.properties = properties;
        this.unread = new TreeSet<>(properties.stringPropertyNames());
    }

    boolean has(String key) {
        return properties.getProperty(key) != null;
    }

    String string(String key) {
        unread.remove(key);
        String value = properties.getProperty(key);
        return value == null ? null : value.trim();
    }

    int intValue(String key) {
        String value = string(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'", e);
        }
    }

    long longValue(String key) {
        String value = string(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'", e);
        }
    }

    boolean booleanValue(String key) {
        String value = string(key);
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
    }

    /**
     * Fails if a key was never read and is not one of {@code otherKeys} (the keys of the other
     * client configurations, which may share one Properties object): a typo must not be silently
     * ignored.
     */
    void rejectUnknown(String what, Set<String> otherKeys) {
        unread.removeAll(otherKeys);
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " keys: " + unread);
        }
    }

    static void check(boolean condition, String key, String rule, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(key + " " + rule + ", was " + value);
        }
    }
}
