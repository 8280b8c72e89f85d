package io.sluice.bench.workload;

import java.util.List;

/**
 * Which drivers a suite runs for one API: the subject (Sluice's driver for that API, shown as
 * {@code subjectName} even before the driver exists) and the peers it is compared with, in report
 * order. Driver ids are resolved through the driver registry.
 *
 * <p>Immutable; thread-safe.
 */
public record Comparison(String subject, String subjectName, List<String> peers) {
    public Comparison {
        if (subject == null || subject.isBlank()) {
            throw new InvalidWorkloadException("comparison subject driver id must not be empty");
        }
        if (subjectName == null || subjectName.isBlank()) {
            subjectName = subject;
        }
        peers = List.copyOf(peers);
        if (peers.contains(subject)) {
            throw new InvalidWorkloadException("driver '" + subject + "' cannot be its own peer");
        }
    }
}
