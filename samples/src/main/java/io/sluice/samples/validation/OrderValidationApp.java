package io.sluice.samples.validation;

import io.sluice.samples.support.SampleRunner;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.naming.Context;

/**
 * Sample 3, request/reply: an order is validated by a call over JMS (a request on a queue, the
 * answer on the caller's temporary queue, matched by JMSCorrelationID, with a timeout). While the
 * service is stopped the call times out; once it is back, calls are answered again.
 *
 * <p>Run: {@code mvn -q -B -pl samples -am compile exec:java -Dexec.mainClass=io.sluice.samples.validation.OrderValidationApp [-Dexec.args=brokerUrl]}.
 *
 * <p>Not thread-safe: {@link #run} is called once per run.
 */
public final class OrderValidationApp {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private OrderValidationApp() {}

    public static void main(String[] args) throws Exception {
        SampleRunner.run(OrderValidationApp::run, args.length > 0 ? args[0] : null, System.out);
    }

    public static ValidationRunResult run(Context jndi, PrintStream out) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue requests = (Queue) jndi.lookup("OrderValidation");

        out.println("== Request/reply: order validation over queue " + requests.getQueueName() + " ==");
        try (OrderValidationService service = new OrderValidationService(factory, requests, out);
                OrderValidationClient client = new OrderValidationClient(factory, requests, out)) {
            service.start();

            out.println("\n-- 1. Four orders are validated; each call waits at most " + TIMEOUT.toMillis()
                    + " ms for its answer --");
            List<ValidationCall> answered = new ArrayList<>();
            answered.add(call(client, "book", 2, out));
            answered.add(call(client, "kettle", 50, out));
            answered.add(call(client, "piano", 1, out));
            answered.add(call(client, "mug", 1, out));

            out.println("\n-- 2. The validation service is down: the call times out --");
            service.stop();
            ValidationCall timedOut = call(client, "lamp", 1, out);

            out.println("\n-- 3. The service is back: the same order is answered --");
            service.start();
            ValidationCall afterRestart = call(client, "lamp", 1, out);
            service.stop();

            out.printf(
                    "%nDone: %d calls answered, 1 timed out (its request expired unanswered).%n",
                    answered.size() + (afterRestart.timedOut() ? 0 : 1));
            return new ValidationRunResult(
                    List.copyOf(answered), timedOut, afterRestart, service.answeredCorrelationIds());
        }
    }

    private static ValidationCall call(OrderValidationClient client, String sku, int quantity, PrintStream out)
            throws JMSException {
        long startNs = System.nanoTime();
        ValidationResult result;
        try {
            result = client.validate(sku, quantity, TIMEOUT);
        } catch (ValidationTimeoutException e) {
            result = null;
            out.println("[client] " + quantity + " x " + sku + " -> TIMED OUT: " + e.getMessage());
        }
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        if (result != null) {
            out.printf(
                    "[client] %d x %s -> %s in %d ms%n",
                    quantity, sku, result.valid() ? "valid" : "INVALID: " + result.reason(), elapsedMs);
        }
        return new ValidationCall(sku, quantity, client.lastCorrelationId(), result, elapsedMs);
    }
}
