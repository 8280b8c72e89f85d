package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes a set of permissions as an array of int8 codes, in code order.
 *
 * <p>Stateless; thread-safe.
 */
final class Permissions {
    private Permissions() {}

    /** An unmodifiable copy; an empty input gives an empty set. */
    static Set<Permission> copyOf(Set<Permission> permissions) {
        return permissions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    static Set<Permission> read(ByteBuf in, String field) {
        List<Permission> list = Wire.readRequiredArray(in, field, 1, b -> Permission.forCode(Wire.readByte(b, field)));
        return list.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(list));
    }

    static void write(ByteBuf out, Set<Permission> permissions) {
        Wire.writeArray(out, List.copyOf(copyOf(permissions)), (b, p) -> b.writeByte(p.code()));
    }
}
