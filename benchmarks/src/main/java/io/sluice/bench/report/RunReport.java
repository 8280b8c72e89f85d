package io.sluice.bench.report;

import io.sluice.bench.machine.MachineInfo;
import io.sluice.bench.machine.MachineLimitResults;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Comparison;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one invocation measured, as the report writers need it: when and where, the machine's
 * limits, and one result per workload and driver.
 *
 * <p>Immutable; thread-safe.
 */
public record RunReport(
        WorkloadSuite suite,
        Instant startedAt,
        Duration elapsed,
        MachineInfo machine,
        Optional<MachineLimitResults> limits,
        List<WorkloadResult> results,
        String note) {
    public RunReport {
        results = List.copyOf(results);
    }

    /** The result of {@code workload} on {@code driverId}, if that pair ran. */
    public Optional<WorkloadResult> result(String workload, String driverId) {
        return results.stream()
                .filter(r -> r.workload().equals(workload) && r.driverId().equals(driverId))
                .findFirst();
    }

    /** The driver ids of a workload's columns: the subject first, then its peers. */
    public static List<String> columns(WorkloadSuite suite, Workload w) {
        Comparison c = suite.comparisonFor(w);
        List<String> ids = new ArrayList<>();
        ids.add(c.subject());
        ids.addAll(c.peers());
        return ids;
    }
}
