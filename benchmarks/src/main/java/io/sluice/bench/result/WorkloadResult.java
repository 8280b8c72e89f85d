package io.sluice.bench.result;

import io.sluice.bench.measure.LatencySummary;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one workload measured on one driver. Rates are per second of the measured window (after
 * warm-up); MB is 10^6 bytes of message body. {@code endToEnd} runs from the intended send time to
 * receipt (corrected for coordinated omission); {@code publish} from the send call to the broker's
 * acknowledgement. Broker CPU is the broker process's CPU time over the window divided by the
 * window (1.0 = one core busy); broker heap is live heap after a full GC at the window's end.
 *
 * <p>Immutable; thread-safe.
 */
public record WorkloadResult(
        String workload,
        String driverId,
        String driverName,
        Outcome outcome,
        String note,
        String systemDescription,
        String durability,
        double measuredSeconds,
        long sent,
        long received,
        long failures,
        double sendMessagesPerSecond,
        double sendMbPerSecond,
        double receiveMessagesPerSecond,
        double receiveMbPerSecond,
        LatencySummary endToEnd,
        LatencySummary publish,
        OptionalDouble brokerCpuCores,
        OptionalLong brokerLiveHeapBytes,
        List<HeapPoint> backlogHeap) {

    public WorkloadResult {
        backlogHeap = List.copyOf(backlogHeap);
        note = note == null ? "" : note;
    }

    /** A result for a driver that is not available; no figures. */
    public static WorkloadResult notMeasured(String workload, String driverId, String driverName, String why) {
        return empty(workload, driverId, driverName, Outcome.NOT_MEASURED, why);
    }

    /** A result for a run that failed; no figures. */
    public static WorkloadResult failed(String workload, String driverId, String driverName, String why) {
        return empty(workload, driverId, driverName, Outcome.FAILED, why);
    }

    private static WorkloadResult empty(
            String workload, String driverId, String driverName, Outcome outcome, String why) {
        return new WorkloadResult(
                workload,
                driverId,
                driverName,
                outcome,
                why,
                "",
                "",
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                LatencySummary.EMPTY,
                LatencySummary.EMPTY,
                OptionalDouble.empty(),
                OptionalLong.empty(),
                List.of());
    }

    public boolean isMeasured() {
        return outcome == Outcome.MEASURED;
    }
}
