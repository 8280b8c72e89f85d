package io.sluice.tck;

import io.sluice.broker.BrokerConfig;
import io.sluice.broker.SluiceBroker;
import io.sluice.protocol.api.Permission;
import io.sluice.protocol.api.PrincipalType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The broker the suite runs against and the JNDI context through which every test reaches it.
 *
 * <p>Without the system property {@value #URL_PROPERTY} the suite starts a broker in this JVM with
 * security on, one user ({@value #USER}) allowed everything on {@code tck.#} and on temporary
 * destinations, listening on 127.0.0.1 on a free port. With {@code
 * -Dsluice.tck.url=sluice://host:port?user=...&password=...} it uses that broker instead; the user
 * then needs the permissions produce, consume, browse, create and delete on {@code tck.#} and
 * produce, consume and create on {@code _temp.#}.
 *
 * <p>Destination names carry a random run id ({@code tck.<run>.<hint>.<n>}), so what an earlier
 * run left on an external broker never meets this run.
 *
 * <p>Thread-safe: created once per test JVM (see {@link TckExtension}); {@link #restartBroker()}
 * and {@link #close()} are synchronized, and the suite runs one test at a time, so no test uses the
 * broker while another restarts it.
 */
final class TckEnvironment implements AutoCloseable {
    /** The system property naming an external broker URL. */
    static final String URL_PROPERTY = "sluice.tck.url";

    /** The user of the in-process broker. */
    static final String USER = "tck";

    /** The JNDI name of the connection factory every test uses. */
    static final String FACTORY = "TckConnectionFactory";

    /** The JNDI name of a factory with the right user and a wrong password. */
    static final String BAD_PASSWORD_FACTORY = "TckBadPasswordFactory";

    /** The JNDI name of a factory whose URL sets a client identifier (see {@link #administeredClientId}). */
    static final String CLIENT_ID_FACTORY = "TckClientIdFactory";
    /**
     * The suite's factory with automatic reconnection off (a Sluice URL key), for the tests of what
     * an application sees when its connection is lost for good.
     */
    static final String NO_RECONNECT_FACTORY = "TckNoReconnectConnectionFactory";

    /** The JNDI names of a queue and a topic bound by name in the environment. */
    static final String JNDI_QUEUE = "jms/TckQueue";

    static final String JNDI_TOPIC = "jms/TckTopic";

    private static final String ROLE = "tck-app";

    private final AtomicInteger names = new AtomicInteger();
    private final String runId;
    private final Path dataDir;
    private final String password;
    // Replaced by restartBroker(); read by tests on their own thread.
    private volatile SluiceBroker broker;
    private final String url;
    private final Context jndi;

    private TckEnvironment(String runId, Path dataDir, String password, SluiceBroker broker, String url)
            throws NamingException {
        this.runId = runId;
        this.dataDir = dataDir;
        this.password = password;
        this.broker = broker;
        this.url = url;
        this.jndi = new InitialContext(jndiEnvironment(url, runId, administeredClientId(runId)));
    }

    /** Starts the in-process broker, or connects the JNDI context to the external one. */
    static TckEnvironment create() {
        String runId = randomId();
        String external = System.getProperty(URL_PROPERTY, "").trim();
        try {
            if (!external.isEmpty()) {
                return new TckEnvironment(runId, null, null, null, external);
            }
            Path dir = Files.createTempDirectory("sluice-tck");
            String password = "pw-" + randomId();
            SluiceBroker broker = SluiceBroker.start(brokerConfig(dir, password, 0));
            String url = "sluice://127.0.0.1:" + broker.port() + "?user=" + USER + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            return new TckEnvironment(runId, dir, password, broker, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NamingException e) {
            throw new IllegalStateException("cannot create the JNDI context of the suite: " + e, e);
        }
    }

    private static BrokerConfig brokerConfig(Path dir, String password, int port) {
        Permission[] all = {
            Permission.PRODUCE, Permission.CONSUME, Permission.BROWSE, Permission.CREATE, Permission.DELETE
        };
        return BrokerConfig.forTesting(dir.resolve("broker"))
                .port(port)
                .host("127.0.0.1")
                .securityEnabled(true)
                .user(USER, password, List.of(ROLE))
                .grant(PrincipalType.ROLE, ROLE, "tck.#", all)
                .grant(PrincipalType.ROLE, ROLE, "_temp.#", Permission.PRODUCE, Permission.CONSUME, Permission.CREATE)
                .build();
    }

    private static String administeredClientId(String runId) {
        return "tck-admin-" + runId;
    }

    /** The client identifier that the factory {@value #CLIENT_ID_FACTORY} sets. */
    String administeredClientId() {
        return administeredClientId(runId);
    }

    private static Hashtable<String, String> jndiEnvironment(String url, String runId, String clientId) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.sluice.jms.jndi.SluiceInitialContextFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("connectionFactory." + FACTORY, url);
        env.put("connectionFactory." + BAD_PASSWORD_FACTORY, withWrongPassword(url));
        env.put("connectionFactory." + CLIENT_ID_FACTORY, withParameter(url, "clientId", clientId));
        env.put("connectionFactory." + NO_RECONNECT_FACTORY, withParameter(url, "reconnectMaxAttempts", "0"));
        env.put("queue." + JNDI_QUEUE, "tck." + runId + ".jndi-queue");
        env.put("topic." + JNDI_TOPIC, "tck." + runId + ".jndi-topic");
        return env;
    }

    /** The URL with its password replaced by one that cannot be right. */
    static String withWrongPassword(String url) {
        Map<String, String> query = query(url);
        query.put("password", "wrong-" + randomId());
        query.putIfAbsent("user", USER);
        return withQuery(url, query);
    }

    /** The URL with one more query parameter. */
    static String withParameter(String url, String key, String value) {
        Map<String, String> query = query(url);
        query.put(key, value);
        return withQuery(url, query);
    }

    private static Map<String, String> query(String url) {
        URI uri = URI.create(url);
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            }
        }
        return query;
    }

    private static String withQuery(String url, Map<String, String> query) {
        URI uri = URI.create(url);
        StringBuilder out = new StringBuilder(uri.getScheme() + "://" + uri.getRawAuthority() + "?");
        query.forEach((k, v) -> out.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        return out.substring(0, out.length() - 1);
    }

    private static String randomId() {
        return Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    /** Whether the broker runs in this JVM (and so can be restarted by a test). */
    boolean isInProcess() {
        return broker != null;
    }

    String url() {
        return url;
    }

    Context jndi() {
        return jndi;
    }

    /** Looks a name up in the suite's JNDI context. */
    <T> T lookup(String name, Class<T> type) {
        try {
            return type.cast(jndi.lookup(name));
        } catch (NamingException e) {
            throw new IllegalStateException("JNDI lookup of '" + name + "' failed: " + e, e);
        }
    }

    ConnectionFactory factory() {
        return lookup(FACTORY, ConnectionFactory.class);
    }

    /** A destination name of this run that no other test uses. */
    String uniqueName(String hint) {
        return "tck." + runId + "." + hint + "." + names.incrementAndGet();
    }

    /** A queue of this run, looked up through JNDI's {@code dynamicQueues/}. */
    Queue queue(String hint) {
        return lookup("dynamicQueues/" + uniqueName(hint), Queue.class);
    }

    /** A topic of this run, looked up through JNDI's {@code dynamicTopics/}. */
    Topic topic(String hint) {
        return lookup("dynamicTopics/" + uniqueName(hint), Topic.class);
    }

    /** A subscription or client id of this run. */
    String uniqueId(String hint) {
        return hint + "-" + runId + "-" + names.incrementAndGet();
    }

    /** Stops the in-process broker cleanly and starts it again on the same port and data. */
    synchronized void restartBroker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is external: it cannot be restarted by the suite");
        }
        int port = broker.port();
        broker.close();
        broker = SluiceBroker.start(brokerConfig(dataDir, password, port));
    }

    @Override
    public synchronized void close() throws IOException, NamingException {
        jndi.close();
        if (broker != null) {
            broker.close();
            broker = null;
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
