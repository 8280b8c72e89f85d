package io.sluice.bench.machine;

import io.sluice.bench.measure.LatencySummary;
import java.util.List;

/**
 * The machine's own limits as measured in a run; see {@link MachineLimits}.
 *
 * <p>Immutable; thread-safe.
 */
public record MachineLimitResults(
        LatencySummary loopbackRoundTrip,
        LatencySummary fsync4KibAppend,
        LatencySummary fsync4KibPreallocated,
        int seqWriteMb,
        int chunkKb,
        List<SequentialWrite> sequentialWrites) {
    public MachineLimitResults {
        sequentialWrites = List.copyOf(sequentialWrites);
    }

    /** Sequential write bandwidth with one force every {@code forceEveryKb} (0 = at the end only). */
    public record SequentialWrite(int forceEveryKb, double mbPerSecond) {}
}
