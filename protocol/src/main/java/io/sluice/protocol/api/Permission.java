package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;
import java.util.Locale;

/**
 * What a grant allows on the destinations its pattern matches. The name is how configuration and
 * documentation spell it; the code is its int8 on the wire (GRANT, REVOKE, LIST_GRANTS).
 *
 * <pre>
 * code  name     allows
 * 0     produce  PRODUCE to the destination
 * 1     consume  CREATE_CONSUMER (any subscription type), FETCH, LIST_OFFSETS, UNSUBSCRIBE
 * 2     browse   BROWSE
 * 3     create   CREATE_TOPIC, creating it on first use, CREATE_TEMPORARY (on _temp.q / _temp.t)
 * 4     delete   DELETE_TOPIC
 * 5     admin    ALTER_TOPIC_CONFIG
 * </pre>
 *
 * <p>Immutable; thread-safe.
 */
public enum Permission {
    PRODUCE(0),
    CONSUME(1),
    BROWSE(2),
    CREATE(3),
    DELETE(4),
    ADMIN(5);

    private final byte code;

    Permission(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The lower-case name used in configuration, documentation and messages, e.g. {@code "produce"}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return configName();
    }

    /**
     * The permission with this code.
     *
     * @throws MalformedFrameException for a code no permission has
     */
    public static Permission forCode(byte code) {
        for (Permission p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new MalformedFrameException("unknown permission code " + code);
    }

    /**
     * The permission with this name, ignoring case.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Permission forName(String name) {
        for (Permission p : values()) {
            if (p.configName().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown permission '" + name + "'; use produce, consume, browse, create, delete or admin");
    }
}
