package io.sluice.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header with its value copied into a byte array, so it stays valid independently of any
 * network buffer.
 *
 * <p>Immutable as long as callers do not modify the array; thread-safe under that condition.
 *
 * @param value the value, or {@code null}
 */
public record RecordHeader(String key, byte[] value) {
    public RecordHeader {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
