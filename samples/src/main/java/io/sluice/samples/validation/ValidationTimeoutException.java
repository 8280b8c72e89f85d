package io.sluice.samples.validation;

/** No answer to a validation request arrived within the caller's timeout. */
public final class ValidationTimeoutException extends Exception {
    public ValidationTimeoutException(String message) {
        super(message);
    }
}
