package io.sluice.tck;

import org.junit.jupiter.api.Assumptions;

/**
 * Departures from the specification that this suite found in Sluice and that are not fixed yet. A
 * test that reveals one calls {@link #skipUnlessFixed()} first: it is skipped with the defect's
 * description, unless the suite runs with {@code -Dsluice.tck.runKnownDefects=true}, which runs it
 * to check whether the defect is gone. A fixed defect is removed from this enum together with the
 * calls.
 *
 * <p>Immutable and thread-safe.
 */
enum KnownDefect {
    /**
     * Section 8.6: {@code JMSConsumer.receiveBody} must throw {@code MessageFormatRuntimeException}
     * when the message has no body; Sluice returns null for a plain {@code Message} and for a
     * {@code TextMessage} whose text is null, which a caller cannot tell from "no message".
     */
    RECEIVE_BODY_WITHOUT_BODY(
            "8.6: JMSConsumer.receiveBody returns null instead of throwing MessageFormatRuntimeException"
                    + " for a message without a body (a Message, a TextMessage with null text)");

    private final String description;

    KnownDefect(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** Skips the calling test while the defect is known, unless known defects are run on purpose. */
    void skipUnlessFixed() {
        Assumptions.assumeTrue(
                Boolean.getBoolean("sluice.tck.runKnownDefects"), () -> "known defect " + name() + ": " + description);
    }
}
