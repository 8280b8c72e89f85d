package io.sluice.broker.log;

/**
 * An offset of the log together with where it lies on disk: the segment holding it and the byte
 * position there. Used for the log end and the high watermark, so readers can bound a read to a
 * byte position without a lookup. Immutable.
 *
 * @param offset the log offset
 * @param segmentBaseOffset base offset of the segment the position belongs to
 * @param position byte position in that segment; always a batch boundary
 */
record LogPosition(long offset, long segmentBaseOffset, int position) {}
