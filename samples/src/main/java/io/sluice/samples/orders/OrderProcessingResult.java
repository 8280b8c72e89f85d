package io.sluice.samples.orders;

import java.util.List;
import java.util.Map;

/**
 * What a run of {@link OrderProcessingApp} did.
 *
 * <p>Immutable.
 *
 * @param goodOrderIds the well-formed orders sent
 * @param poisonOrderIds the malformed orders sent
 * @param processedCountPerOrder how many times each order of this run was processed
 * @param processedBy which worker processed each order of this run (the last one, if several)
 * @param redeliveredAndProcessed orders processed after a redelivery (taken back from the crashed worker)
 * @param crashedWorker the name of the worker that crashed
 * @param deadLettered this run's order ids found in the dead-letter queue, in arrival order
 */
public record OrderProcessingResult(
        List<String> goodOrderIds,
        List<String> poisonOrderIds,
        Map<String, Integer> processedCountPerOrder,
        Map<String, String> processedBy,
        List<String> redeliveredAndProcessed,
        String crashedWorker,
        List<String> deadLettered) {}
