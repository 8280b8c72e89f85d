package io.sluice.samples.validation;

/**
 * One call of the validation client and its outcome.
 *
 * <p>Immutable.
 *
 * @param sku the product asked about
 * @param quantity the quantity asked about
 * @param correlationId the JMSCorrelationID of the request
 * @param result the answer, or null when the call timed out
 * @param elapsedMs how long the caller waited
 */
public record ValidationCall(String sku, int quantity, String correlationId, ValidationResult result, long elapsedMs) {
    public boolean timedOut() {
        return result == null;
    }
}
