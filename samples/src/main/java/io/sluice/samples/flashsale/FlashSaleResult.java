package io.sluice.samples.flashsale;

import java.util.Map;

/**
 * What a run of {@link FlashSaleApp} did.
 *
 * <p>Immutable.
 *
 * @param attempts purchase attempts made
 * @param tickets tickets on sale
 * @param answers the answer each buyer got (the last one, if a buyer got several)
 * @param answersPerBuyer how many answers each buyer got
 * @param soldByInventory tickets the inventory handed out
 * @param peakBacklog most requests waiting in the queue at once
 * @param elapsedMs from the first attempt to the last answer
 */
public record FlashSaleResult(
        int attempts,
        int tickets,
        Map<String, Answer> answers,
        Map<String, Integer> answersPerBuyer,
        int soldByInventory,
        long peakBacklog,
        long elapsedMs) {

    /** Answers per second, from the first attempt to the last answer. */
    public double throughputPerSecond() {
        return attempts * 1000.0 / Math.max(1, elapsedMs);
    }
}
