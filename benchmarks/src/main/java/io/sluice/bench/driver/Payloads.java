package io.sluice.bench.driver;

/**
 * The benchmark message body: the intended send time, then filler up to the message size.
 *
 * <pre>
 * offset  size  field
 * 0       8     intended send time, System.nanoTime() of the runner JVM, big-endian
 * 8       n-8   filler (bytes that do not compress to nothing)
 * </pre>
 *
 * <p>Producers and consumers run in the runner's JVM, so both ends read the same clock. The
 * intended time (not the moment {@code send} was called) is what makes the latency corrected for
 * coordinated omission: a producer that falls behind its schedule still stamps the time the
 * schedule wanted, so the wait shows up in the latency.
 *
 * <p>Thread-safe: stateless.
 */
public final class Payloads {
    public static final int STAMP_BYTES = 8;

    private Payloads() {}

    /** A new body of {@code messageBytes} bytes with pseudo-random filler after the stamp. */
    public static byte[] newBody(int messageBytes, long seed) {
        if (messageBytes < STAMP_BYTES) {
            throw new IllegalArgumentException("a message needs at least 8 bytes for the stamp, was " + messageBytes);
        }
        byte[] body = new byte[messageBytes];
        long x = seed | 1;
        for (int i = STAMP_BYTES; i < body.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            body[i] = (byte) x;
        }
        return body;
    }

    /** Writes {@code intendedSendNanos} into the first 8 bytes of {@code body}. */
    public static void stamp(byte[] body, long intendedSendNanos) {
        for (int i = 7; i >= 0; i--) {
            body[i] = (byte) intendedSendNanos;
            intendedSendNanos >>>= 8;
        }
    }

    /** Reads the stamp from the first 8 bytes of {@code body}. */
    public static long stampOf(byte[] body) {
        if (body.length < STAMP_BYTES) {
            throw new IllegalArgumentException("message of " + body.length + " bytes carries no send stamp");
        }
        long v = 0;
        for (int i = 0; i < STAMP_BYTES; i++) {
            v = (v << 8) | (body[i] & 0xFF);
        }
        return v;
    }
}
