package io.sluice.console;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * Checks every {@code /api/} request before it runs: the session cookie (401 without a live
 * session, except for logging in), and for every state-changing method (POST, PUT, PATCH,
 * DELETE) the Origin and the CSRF token (403): a request whose {@code Origin} (or, without one,
 * {@code Referer}) names another site is cross-site and refused, and the {@code X-CSRF-Token}
 * header must carry the session's token. Scripts that send neither Origin nor Referer pass the
 * origin check but still need the token (from {@code GET /api/session}).
 *
 * <p>Thread-safe.
 */
final class RequestGuard {
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION_ATTRIBUTE = "sluice.session";
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final OperatorSessions sessions;

    RequestGuard(OperatorSessions sessions) {
        this.sessions = sessions;
    }

    void check(Context ctx) {
        String method = ctx.method().name();
        boolean change = CHANGES.contains(method);
        if (change) {
            checkOrigin(ctx);
        }
        if (ctx.path().equals("/api/login")) {
            return;
        }
        OperatorSession session = sessions.find(ctx.cookie(OperatorSessions.COOKIE))
                .orElseThrow(() -> new ConsoleException(401, "log in first"));
        if (change && !BrokerAccess.constantTimeEquals(ctx.header(CSRF_HEADER), session.csrfToken())) {
            throw new ConsoleException(403, "missing or wrong CSRF token (send the " + CSRF_HEADER + " header)");
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
    }

    /** The session the guard found for this request. */
    static OperatorSession session(Context ctx) {
        OperatorSession session = ctx.attribute(SESSION_ATTRIBUTE);
        if (session == null) {
            throw new ConsoleException(401, "log in first");
        }
        return session;
    }

    private static void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            String referer = ctx.header("Referer");
            if (referer != null) {
                int slash = referer.indexOf('/', referer.indexOf("//") + 2);
                origin = slash < 0 ? referer : referer.substring(0, slash);
            }
        }
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        String expected = ctx.scheme() + "://" + host;
        if (host == null || !origin.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
            throw new ConsoleException(403, "cross-site request refused: origin " + origin + " is not " + expected);
        }
    }
}
