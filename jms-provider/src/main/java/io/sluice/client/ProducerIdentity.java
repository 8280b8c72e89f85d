package io.sluice.client;

/**
 * The idempotent producer identity the broker handed out (INIT_PRODUCER_ID); {@code (-1, -1)} for a
 * producer without idempotence.
 *
 * <p>Immutable; thread-safe.
 */
record ProducerIdentity(long producerId, short epoch) {
    static final ProducerIdentity NONE = new ProducerIdentity(-1L, (short) -1);

    @Override
    public String toString() {
        return producerId + "/" + epoch;
    }
}
