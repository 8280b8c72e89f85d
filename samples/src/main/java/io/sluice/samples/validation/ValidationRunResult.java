package io.sluice.samples.validation;

import java.util.List;

/**
 * What a run of {@link OrderValidationApp} did.
 *
 * <p>Immutable.
 *
 * @param answeredCalls the calls made while the service was running, in order
 * @param timedOutCall the call made while the service was stopped
 * @param callAfterRestart the call made after the service started again
 * @param correlationIdsAnsweredByService every request the service answered during the run
 */
public record ValidationRunResult(
        List<ValidationCall> answeredCalls,
        ValidationCall timedOutCall,
        ValidationCall callAfterRestart,
        List<String> correlationIdsAnsweredByService) {}
