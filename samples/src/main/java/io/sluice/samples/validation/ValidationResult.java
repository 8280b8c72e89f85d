package io.sluice.samples.validation;

/**
 * The validation service's answer to one order.
 *
 * <p>Immutable.
 *
 * @param valid whether the order may be placed
 * @param reason why not, or "ok"
 */
public record ValidationResult(boolean valid, String reason) {}
