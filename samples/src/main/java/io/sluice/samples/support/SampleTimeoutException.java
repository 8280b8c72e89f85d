package io.sluice.samples.support;

/** Something a sample waits for did not happen in time: the broker or a service is not working. */
public final class SampleTimeoutException extends RuntimeException {
    public SampleTimeoutException(String message) {
        super(message);
    }
}
