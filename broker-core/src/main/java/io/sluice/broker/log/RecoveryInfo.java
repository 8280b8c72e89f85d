package io.sluice.broker.log;

/**
 * What the log manager knows about a partition from its last run. Immutable.
 *
 * @param cleanShutdown whether the previous run closed every log and wrote the clean-shutdown marker
 * @param recoveryPoint offset below which everything was forced to disk (from the recovery
 *     checkpoint), or -1 if unknown, which makes recovery re-validate every segment
 * @param logStartOffset the checkpointed log start offset, or -1 if unknown
 */
record RecoveryInfo(boolean cleanShutdown, long recoveryPoint, long logStartOffset) {
    static final RecoveryInfo NEW_LOG = new RecoveryInfo(true, -1, -1);
}
