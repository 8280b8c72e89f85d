package io.sluice.bench.driver.jms;

import io.sluice.bench.workload.InvalidWorkloadException;
import io.sluice.bench.workload.Workload;

/**
 * Selector workloads, configured in a JMS workload's {@code properties}:
 *
 * <pre>
 * "jms.groups": "4"            producers number their messages into 4 groups, round robin, in the
 *                              int property benchGroup (0..3)
 * "jms.selectByGroup": "true"  queue consumer c receives only group c % groups (selector
 *                              "benchGroup = c % groups"); without it consumers take everything
 * </pre>
 *
 * The same messages with and without selectors make the cost of broker-side selection directly
 * comparable.
 *
 * <p>Stateless; thread-safe.
 */
final class MessageGroups {
    static final String PROPERTY = "benchGroup";
    static final String GROUPS = "jms.groups";
    static final String SELECT_BY_GROUP = "jms.selectByGroup";

    private MessageGroups() {}

    /** The number of groups, 0 when messages carry none. */
    static int groups(Workload workload) {
        String value = workload.properties().get(GROUPS);
        if (value == null) {
            return 0;
        }
        try {
            int groups = Integer.parseInt(value.trim());
            if (groups < 1) {
                throw new InvalidWorkloadException(workload.name() + ": " + GROUPS + " must be >= 1, was " + groups);
            }
            return groups;
        } catch (NumberFormatException e) {
            throw new InvalidWorkloadException(
                    workload.name() + ": " + GROUPS + " must be a number, was '" + value + "'");
        }
    }

    /** The selector of queue consumer {@code consumer}, or null for none. */
    static String selector(Workload workload, int consumer) {
        int groups = groups(workload);
        boolean select = Boolean.parseBoolean(workload.properties().getOrDefault(SELECT_BY_GROUP, "false"));
        if (!select) {
            return null;
        }
        if (groups == 0) {
            throw new InvalidWorkloadException(workload.name() + ": " + SELECT_BY_GROUP + " needs " + GROUPS);
        }
        return PROPERTY + " = " + (consumer % groups);
    }
}
