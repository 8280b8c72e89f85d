package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * Sets a new password for a user, keeping its roles. A user may change its own password by giving
 * the current one; a user with the admin role may change anyone's without it. Answered with an
 * empty body, UNKNOWN_USER, AUTHENTICATION_FAILED (wrong current password) or AUTHORIZATION_FAILED.
 *
 * <pre>
 * username         string
 * currentPassword  string (nullable; required when changing one's own password without admin)
 * newPassword      string
 * </pre>
 */
public record ChangePasswordRequest(String username, String currentPassword, String newPassword) implements ApiMessage {

    public static ChangePasswordRequest read(ByteBuf in) {
        ChangePasswordRequest r = new ChangePasswordRequest(
                Wire.readRequiredString(in, "username"),
                Wire.readString(in, "currentPassword"),
                Wire.readRequiredString(in, "newPassword"));
        Wire.expectEnd(in, "ChangePasswordRequest");
        return r;
    }

    @Override
    public void write(ByteBuf out) {
        Wire.writeString(out, username);
        Wire.writeString(out, currentPassword);
        Wire.writeString(out, newPassword);
    }

    /** Never prints a password. */
    @Override
    public String toString() {
        return "ChangePasswordRequest[username=" + username + ", currentPassword="
                + (currentPassword == null ? "null" : "***") + ", newPassword=***]";
    }
}
