package io.sluice.samples.support;

import java.io.PrintStream;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Runs a {@link Sample} against the broker named on the command line, or against a broker it
 * starts in-process when none is named.
 *
 * <p>Stateless; thread-safe.
 */
public final class SampleRunner {
    private SampleRunner() {}

    /**
     * @param brokerUrl e.g. {@code sluice://127.0.0.1:7676}, or null to start an embedded broker
     */
    public static void run(Sample sample, String brokerUrl, PrintStream out) throws Exception {
        if (brokerUrl != null) {
            out.println("Using the broker at " + brokerUrl);
            runWith(sample, brokerUrl, out);
            return;
        }
        quietBrokerLogs();
        try (LocalBroker broker = LocalBroker.start()) {
            out.println("No broker URL given: started an embedded broker at " + broker.url() + " (data in "
                    + broker.dataDir() + ", deleted at the end)");
            runWith(sample, broker.url(), out);
        }
    }

    /**
     * The JNDI context of the samples: {@code jndi.properties} from the class path, with the
     * broker URL replaced by {@code brokerUrl}.
     */
    public static Context jndi(String brokerUrl) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.PROVIDER_URL, brokerUrl);
        return new InitialContext(env);
    }

    private static void runWith(Sample sample, String brokerUrl, PrintStream out) throws Exception {
        Context jndi = jndi(brokerUrl);
        try {
            sample.run(jndi, out);
        } finally {
            jndi.close();
        }
    }

    /** The embedded broker's INFO lines would drown the sample's own story. */
    private static void quietBrokerLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
