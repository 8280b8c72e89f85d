package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.client.SluiceClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/session}. The session
 * cookie is HttpOnly and SameSite=Strict (Secure as well when the console is reached over HTTPS).
 *
 * <p>Thread-safe.
 */
final class SessionRoutes {
    /** The login form. */
    record Login(String username, String password) {}

    private final BrokerAccess broker;
    private final OperatorSessions sessions;

    SessionRoutes(BrokerAccess broker, OperatorSessions sessions) {
        this.broker = broker;
        this.sessions = sessions;
    }

    void register(Javalin app) {
        app.post("/api/login", this::login);
        app.post("/api/logout", this::logout);
        app.get("/api/session", ctx -> ctx.json(describe(RequestGuard.session(ctx))));
    }

    private void login(Context ctx) {
        Login login = Json.body(ctx, Login.class);
        SluiceClient client = broker.login(login.username(), login.password());
        OperatorSession session = sessions.open(login.username(), client);
        String cookie = OperatorSessions.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + ("https".equals(ctx.scheme()) ? "; Secure" : "");
        ctx.header("Set-Cookie", cookie);
        ctx.json(describe(session));
    }

    private void logout(Context ctx) {
        OperatorSession session = RequestGuard.session(ctx);
        sessions.close(session.id());
        ctx.header(
                "Set-Cookie",
                OperatorSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                        + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
        ctx.status(204);
    }

    private static Map<String, Object> describe(OperatorSession session) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", session.username());
        out.put("csrfToken", session.csrfToken());
        return out;
    }
}
