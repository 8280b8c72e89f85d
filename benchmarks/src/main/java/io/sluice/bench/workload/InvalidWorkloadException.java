package io.sluice.bench.workload;

/**
 * A workload file or workload definition that cannot be run: malformed JSON, an unknown field, a
 * value out of range or a combination that makes no sense. The message names the workload and the
 * field.
 */
public final class InvalidWorkloadException extends RuntimeException {
    public InvalidWorkloadException(String message) {
        super(message);
    }

    public InvalidWorkloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
