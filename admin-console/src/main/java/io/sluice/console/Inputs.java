package io.sluice.console;

import io.javalin.http.Context;
import io.sluice.protocol.selector.InvalidSelectorSyntaxException;
import io.sluice.protocol.selector.Selector;
import java.util.regex.Pattern;

/**
 * Checks request input before it reaches the broker, so that bad input gets a 400 with a message
 * naming the field: destination names, numbers, selectors (with the parser's message and column).
 *
 * <p>Stateless; thread-safe.
 */
final class Inputs {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Inputs() {}

    /** A destination name by the broker's rules (docs/protocol.md, CREATE_TOPIC). */
    static String destination(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new ConsoleException(400, field + " is required", field);
        }
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConsoleException(
                    400,
                    "invalid destination name '" + name + "': use 1 to 200 of A-Z a-z 0-9 . _ - (not . or ..)",
                    field);
        }
        if (name.startsWith("_temp.")) {
            throw new ConsoleException(
                    400, "names starting with '_temp.' are reserved for temporary destinations", field);
        }
        return name;
    }

    static String pathDestination(Context ctx) {
        return destination(ctx.pathParam("name"), "name");
    }

    /** A selector parsed as the broker will parse it; null or blank means none. */
    static String selector(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Selector.parse(text);
            return text;
        } catch (InvalidSelectorSyntaxException e) {
            throw new ConsoleException(400, "invalid selector: " + e.getMessage(), "selector");
        }
    }

    static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(v.trim());
            if (value < min || value > max) {
                throw new ConsoleException(400, name + " must be " + min + " to " + max + ", was " + value, name);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConsoleException(400, name + " must be a number, was '" + v + "'", name);
        }
    }
}
