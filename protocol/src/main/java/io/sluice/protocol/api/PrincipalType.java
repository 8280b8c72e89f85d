package io.sluice.protocol.api;

import io.sluice.protocol.codec.MalformedFrameException;
import java.util.Locale;

/**
 * Whom a grant names: one user, or every user holding a role. The code is its int8 on the wire.
 *
 * <p>Immutable; thread-safe.
 */
public enum PrincipalType {
    USER(0),
    ROLE(1);

    private final byte code;

    PrincipalType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** {@code "user"} or {@code "role"}, as configuration spells it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return configName();
    }

    /**
     * The type with this code.
     *
     * @throws MalformedFrameException for any other code
     */
    public static PrincipalType forCode(byte code) {
        return switch (code) {
            case 0 -> USER;
            case 1 -> ROLE;
            default -> throw new MalformedFrameException("unknown principal type " + code);
        };
    }
}
