package io.sluice.broker.log;

/**
 * The fields of a stored batch's header that the log needs to find its way through a segment
 * without reading records: where the batch is, how long it is, which offsets it holds and its
 * largest timestamp. Immutable.
 *
 * @param position byte position of the batch in its segment file
 * @param baseOffset offset of the batch's first record
 * @param sizeInBytes total batch size, {@code 12 + batchLength}
 * @param lastOffsetDelta last offset minus base offset
 * @param maxTimestampMs the batch's largest record timestamp
 */
record BatchHeader(long position, long baseOffset, int sizeInBytes, int lastOffsetDelta, long maxTimestampMs) {
    /** Bytes of a batch header the log reads: up to and including {@code maxTimestamp}. */
    static final int READ_BYTES = 39;

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }

    long endPosition() {
        return position + sizeInBytes;
    }
}
