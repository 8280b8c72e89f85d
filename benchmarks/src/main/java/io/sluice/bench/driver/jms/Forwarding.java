package io.sluice.bench.driver.jms;

import io.sluice.bench.workload.InvalidWorkloadException;
import io.sluice.bench.workload.Workload;

/**
 * Consume-and-produce workloads, configured in a JMS workload's {@code properties}:
 *
 * <pre>
 * "jms.forwardTo": "bench.out"   every consumer sends each message it receives (its body, as a new
 *                                BytesMessage) to the queue bench.out in its own session; with
 *                                acknowledgeMode transacted, the receipt and the send commit
 *                                together, every transactionSize messages
 * </pre>
 *
 * The producers that feed the workload's destination then use AUTO_ACKNOWLEDGE sessions: they only
 * fill the input, what is measured is the consumers' moving. With {@code mode: drain} the receive
 * rate is the rate of messages moved; divided by {@code transactionSize} it is commits per second.
 *
 * <p>Stateless; thread-safe.
 */
final class Forwarding {
    static final String FORWARD_TO = "jms.forwardTo";

    private Forwarding() {}

    /** The queue consumers forward to, or null when they only consume. */
    static String target(Workload workload) {
        String value = workload.properties().get(FORWARD_TO);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.equals(workload.destinationName())) {
            throw new InvalidWorkloadException(workload.name() + ": " + FORWARD_TO
                    + " must name a queue other than the workload's destination, was '" + value + "'");
        }
        return value.trim();
    }
}
