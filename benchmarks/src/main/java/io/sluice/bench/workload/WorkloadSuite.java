package io.sluice.bench.workload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A set of workloads run in one invocation, with the drivers to compare per API and, optionally,
 * the machine-limit measurements to take first.
 *
 * <p>Immutable; thread-safe.
 */
public record WorkloadSuite(
        String title,
        List<Workload> workloads,
        Map<Api, Comparison> comparisons,
        Optional<MachineLimitSettings> machineLimits) {
    public WorkloadSuite {
        workloads = List.copyOf(workloads);
        comparisons = Map.copyOf(comparisons);
        if (workloads.isEmpty()) {
            throw new InvalidWorkloadException("suite '" + title + "' has no workloads");
        }
        for (Workload w : workloads) {
            if (!comparisons.containsKey(w.api())) {
                throw new InvalidWorkloadException("suite '" + title + "' has a " + w.api() + " workload '" + w.name()
                        + "' but no comparison for " + w.api());
            }
        }
        if (workloads.stream().map(Workload::name).distinct().count() != workloads.size()) {
            throw new InvalidWorkloadException("suite '" + title + "' has two workloads with the same name");
        }
    }

    /** The comparison that applies to {@code workload}. */
    public Comparison comparisonFor(Workload workload) {
        return comparisons.get(workload.api());
    }

    /** A copy with every workload passed through {@code change}. */
    public WorkloadSuite map(UnaryOperator<Workload> change) {
        return new WorkloadSuite(title, workloads.stream().map(change).toList(), comparisons, machineLimits);
    }

    /** A copy keeping only the named workloads, in suite order. */
    public WorkloadSuite only(List<String> names) {
        for (String n : names) {
            if (workloads.stream().noneMatch(w -> w.name().equals(n))) {
                throw new InvalidWorkloadException("suite '" + title + "' has no workload '" + n + "'");
            }
        }
        return new WorkloadSuite(
                title, workloads.stream().filter(w -> names.contains(w.name())).toList(), comparisons, machineLimits);
    }
}
