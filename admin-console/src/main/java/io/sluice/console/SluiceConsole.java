package io.sluice.console;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: a Javalin (Jetty) server with the REST API under {@code /api/}, the
 * Prometheus endpoint {@code /metrics} and the single-page front end served from the jar
 * ({@code /console} on the class path). It talks to the broker only through the native client's
 * admin API, one broker connection per logged-in operator.
 *
 * <pre>{@code
 * try (SluiceConsole console = SluiceConsole.start(ConsoleConfig.defaults().withBroker("127.0.0.1", 7676))) {
 *     ... http://127.0.0.1:8161/ ...
 * }
 * }</pre>
 *
 * <p>Every response carries a Content-Security-Policy that allows this origin only, so the pages
 * never load anything from another host.
 *
 * <p>Thread-safe.
 */
public final class SluiceConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceConsole.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Javalin app;
    private final OperatorSessions sessions;
    private final ScheduledExecutorService sweeper;
    private final String generatedPassword;

    private SluiceConsole(
            Javalin app, OperatorSessions sessions, ScheduledExecutorService sweeper, String generatedPassword) {
        this.app = app;
        this.sessions = sessions;
        this.sweeper = sweeper;
        this.generatedPassword = generatedPassword;
    }

    public static SluiceConsole start(ConsoleConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts listening; the password for broker-security-off mode is generated if not configured. */
    public static SluiceConsole start(ConsoleConfig config, Clock clock) {
        KeyStore keyStore = config.https() == null ? null : TlsStores.keyStore(config.https());
        if (config.brokerTls() != null) {
            TlsStores.checkTrustStore(config.brokerTls());
        }
        String generated = config.adminPassword() == null ? generatePassword() : null;
        String password = generated != null ? generated : config.adminPassword();
        OperatorSessions sessions = new OperatorSessions(clock, config.sessionTimeout());
        BrokerAccess broker = new BrokerAccess(config, password);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            if (keyStore != null) {
                cfg.jetty.addConnector(
                        (server, http) -> HttpsConnector.create(server, http, config, keyStore, config.https()));
            }
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
        });
        guardAndAnswerErrors(app, new RequestGuard(sessions));
        new SessionRoutes(broker, sessions).register(app);
        new DestinationRoutes(config.requestTimeout()).register(app);
        new MessageRoutes(config.requestTimeout(), clock).register(app);
        new OperationsRoutes(config.requestTimeout(), broker, sessions).register(app);
        new SecurityRoutes(config.requestTimeout()).register(app);
        if (keyStore != null) {
            app.start(); // on the HTTPS connector alone
        } else {
            app.start(config.listenHost(), config.listenPort());
        }
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-console-sessions");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(sessions::expire, 1, 1, TimeUnit.MINUTES);
        log.info(
                "Sluice console on {}://{}:{}/ managing the broker at {}:{}{}",
                config.isHttps() ? "https" : "http",
                config.listenHost(),
                app.port(),
                config.brokerHost(),
                config.brokerPort(),
                config.brokerTls() != null ? " over TLS" : "");
        return new SluiceConsole(app, sessions, sweeper, generated);
    }

    /** Security headers on every answer, the session and CSRF checks, and errors as JSON. */
    private static void guardAndAnswerErrors(Javalin app, RequestGuard guard) {
        app.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
        });
        app.before("/api/*", guard::check);
        app.exception(ConsoleException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.field() != null) {
                body.put("field", e.field());
            }
            ctx.status(e.status()).json(body);
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e));
        });
    }

    /** 24 random characters from an alphabet without look-alikes. */
    private static String generatePassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The bound HTTP port. */
    public int port() {
        return app.port();
    }

    /** The password generated at start (broker security off, none configured), else null. */
    public String generatedPassword() {
        return generatedPassword;
    }

    /** This build's version ("dev" when run from classes). */
    static String version() {
        String v = SluiceConsole.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        app.stop();
        sessions.close();
    }
}
