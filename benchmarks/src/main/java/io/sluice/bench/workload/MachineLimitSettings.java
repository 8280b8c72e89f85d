package io.sluice.bench.workload;

import java.util.List;

/**
 * How long to measure the machine's own limits: loopback TCP round trips, 4 KiB append+fsync
 * latency, and sequential write bandwidth in {@code chunkKb} writes of {@code seqWriteMb} in total,
 * once per entry of {@code forceEveryKb} (0 = one fsync at the end only).
 *
 * <p>Immutable; thread-safe.
 */
public record MachineLimitSettings(
        int roundTrips, int fsyncSamples, int seqWriteMb, int chunkKb, List<Integer> forceEveryKb) {
    public MachineLimitSettings {
        check(roundTrips >= 100, "machineLimits.roundTrips must be >= 100, was " + roundTrips);
        check(fsyncSamples >= 10, "machineLimits.fsyncSamples must be >= 10, was " + fsyncSamples);
        check(seqWriteMb >= 1, "machineLimits.seqWriteMb must be >= 1, was " + seqWriteMb);
        check(chunkKb >= 4 && chunkKb <= 65536, "machineLimits.chunkKb must be 4..65536, was " + chunkKb);
        forceEveryKb = List.copyOf(forceEveryKb);
        check(!forceEveryKb.isEmpty(), "machineLimits.forceEveryKb must list at least one cadence");
        for (int kb : forceEveryKb) {
            check(kb >= 0, "machineLimits.forceEveryKb entries must be >= 0, was " + kb);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvalidWorkloadException(message);
        }
    }
}
