package io.sluice.client;

/**
 * Producer sequence arithmetic: sequences run per (producer, partition) from 0 and wrap from
 * {@link Integer#MAX_VALUE} back to 0, as the broker expects.
 *
 * <p>Stateless; thread-safe.
 */
final class Sequences {
    private Sequences() {}

    /** The sequence {@code count} records after {@code sequence}. */
    static int add(int sequence, int count) {
        long next = (long) sequence + count;
        return (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
    }
}
