package io.sluice.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProducerStateManagerTest {
    private static final long PID = 42;
    private final ProducerStateManager state = new ProducerStateManager("orders-0");
    private long nextOffset;

    /** Checks and, if new, records a batch of {@code count} records; returns what check said. */
    private SequenceCheck send(short epoch, int firstSeq, int count) {
        int lastSeq = (int) (((long) firstSeq + count - 1) % (1L + Integer.MAX_VALUE));
        SequenceCheck check = state.check(PID, epoch, firstSeq, lastSeq);
        if (check instanceof SequenceCheck.Append) {
            state.record(PID, epoch, new BatchMetadata(firstSeq, lastSeq, nextOffset, nextOffset + count - 1, 1000L));
            nextOffset += count;
        }
        return check;
    }

    @Test
    void acceptsConsecutiveBatches() {
        assertThat(send((short) 0, 0, 3)).isInstanceOf(SequenceCheck.Append.class);
        assertThat(send((short) 0, 3, 2)).isInstanceOf(SequenceCheck.Append.class);
        assertThat(state.batchesOf(PID)).hasSize(2);
    }

    @Test
    void duplicateOfOneOfTheLastFiveReturnsTheOriginalOffsets() {
        for (int i = 0; i < 6; i++) {
            send((short) 0, i * 2, 2);
        }
        // Batch 1 (sequences 2..3, offsets 2..3) is still among the last five.
        SequenceCheck check = state.check(PID, (short) 0, 2, 3);
        assertThat(check).isEqualTo(new SequenceCheck.Duplicate(new BatchMetadata(2, 3, 2, 3, 1000L)));
        // Batch 0 has been forgotten: a resend of it can no longer be recognised.
        assertThatThrownBy(() -> state.check(PID, (short) 0, 0, 1))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("expected 12, got 0");
    }

    @Test
    void gapIsRejectedWithExpectedAndActual() {
        send((short) 0, 0, 5);
        assertThatThrownBy(() -> send((short) 0, 7, 1))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("expected 5, got 7");
    }

    @Test
    void firstBatchOfAProducerMustStartAtZero() {
        assertThatThrownBy(() -> send((short) 0, 3, 1))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("expected 0");
    }

    @Test
    void olderEpochIsFencedAndNewerEpochRestartsAtZero() {
        send((short) 1, 0, 2);
        assertThatThrownBy(() -> send((short) 0, 2, 1)).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> send((short) 2, 2, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(send((short) 2, 0, 1)).isInstanceOf(SequenceCheck.Append.class);
        assertThat(state.epochOf(PID)).isEqualTo((short) 2);
        assertThat(state.batchesOf(PID)).hasSize(1);
    }

    @Test
    void sequencesWrapAtIntegerMaxValue() {
        assertThat(ProducerStateManager.nextSequence(Integer.MAX_VALUE)).isZero();
        state.record(PID, (short) 0, new BatchMetadata(Integer.MAX_VALUE - 3, Integer.MAX_VALUE - 1, 0, 2, 1L));
        nextOffset = 3;
        // Two records: MAX_VALUE and then 0.
        assertThat(send((short) 0, Integer.MAX_VALUE, 2)).isInstanceOf(SequenceCheck.Append.class);
        assertThat(send((short) 0, 1, 1)).isInstanceOf(SequenceCheck.Append.class);
        assertThat(state.check(PID, (short) 0, Integer.MAX_VALUE, 0)).isInstanceOf(SequenceCheck.Duplicate.class);
    }

    @Test
    void snapshotRoundTrips() {
        send((short) 0, 0, 2);
        send((short) 0, 2, 2);
        state.record(7L, (short) 3, new BatchMetadata(0, 9, 100, 109, 5L));
        ProducerStateManager copy = ProducerStateManager.fromSnapshot("orders-0", state.snapshot());
        assertThat(copy.producerCount()).isEqualTo(2);
        assertThat(copy.batchesOf(PID)).isEqualTo(state.batchesOf(PID));
        assertThat(copy.epochOf(7L)).isEqualTo((short) 3);
        assertThat(copy.check(PID, (short) 0, 2, 3)).isInstanceOf(SequenceCheck.Duplicate.class);
    }

    @Test
    void corruptSnapshotIsRefused() {
        send((short) 0, 0, 2);
        byte[] snapshot = state.snapshot();
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);
        assertThatThrownBy(() -> ProducerStateManager.fromSnapshot("orders-0", truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        snapshot[0] = 9;
        assertThatThrownBy(() -> ProducerStateManager.fromSnapshot("orders-0", snapshot))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
    }
}
