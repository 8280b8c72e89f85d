package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.sluice.broker.testing.Batches;
import io.sluice.protocol.record.InvalidRecordException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionJournalTest {
    private static final int SEGMENT_BYTES = 1024;

    @TempDir
    Path dir;

    private TransactionJournal open() {
        return TransactionJournal.open(dir, SEGMENT_BYTES, Clock.systemUTC());
    }

    private static CommitRecord commit(long producerId, long number, long atMs) {
        return new CommitRecord(
                producerId,
                (short) 0,
                number,
                atMs,
                List.of(new CommitRecord.Write(
                        "out", 0, Batches.idempotent(producerId, (short) 0, (int) number, atMs, "v" + number))),
                List.of(new CommitRecord.Acks(3L, 0, new long[] {number})));
    }

    private static void durable(TransactionJournal j) throws Exception {
        j.awaitDurable(j.endOffset() - 1).get(10, TimeUnit.SECONDS);
    }

    @Test
    void replayReturnsDecidedTransactionsWithoutDoneAndTheLatestOutcomes() throws Exception {
        long a;
        long c;
        try (TransactionJournal j = open()) {
            a = j.appendCommit(commit(1L, 0, 1_000));
            long b = j.appendCommit(commit(2L, 0, 1_000));
            j.appendDone(new long[] {b});
            c = j.appendCommit(commit(1L, 1, 2_000));
            assertThat(j.openOffsets()).containsExactly(a, c);
            durable(j);
        }
        try (TransactionJournal j = open()) {
            TransactionJournal.Replayed replayed = j.replay(0);
            assertThat(replayed.entries()).isEqualTo(4);
            assertThat(replayed.pending().keySet()).containsExactly(a, c);
            CommitRecord second = replayed.pending().get(c);
            assertThat(second.outcome()).isEqualTo(commit(1L, 1, 2_000).outcome());
            assertThat(second.writes().get(0).records())
                    .isEqualTo(commit(1L, 1, 2_000).writes().get(0).records());
            assertThat(second.acks().get(0).offsets()).containsExactly(1);
            assertThat(j.outcomes().latest(1L).transactionNumber()).isEqualTo(1);
            assertThat(j.outcomes().latest(2L).transactionNumber()).isZero();
            assertThat(j.outcomes().latest(3L)).isNull();
            assertThat(j.openCount()).isEqualTo(2);
        }
    }

    @Test
    void outcomesOlderThanTheRetentionAreForgotten() throws Exception {
        try (TransactionJournal j = open()) {
            j.appendDone(new long[] {j.appendCommit(commit(1L, 0, 1_000))});
            j.appendDone(new long[] {j.appendCommit(commit(2L, 0, 5_000))});
            durable(j);
        }
        try (TransactionJournal j = open()) {
            j.replay(2_000);
            assertThat(j.outcomes().latest(1L)).isNull();
            assertThat(j.outcomes().latest(2L)).isNotNull();
        }
    }

    @Test
    void cleaningDeletesSegmentsOnlyBelowTheOldestOpenTransactionAndKeepsTheOutcomes() throws Exception {
        long open;
        try (TransactionJournal j = open()) {
            for (int i = 0; i < 20; i++) {
                j.appendDone(new long[] {j.appendCommit(commit(1L, i, 1_000 + i))});
            }
            open = j.appendCommit(commit(2L, 0, 1_000));
            for (int i = 20; i < 40; i++) {
                j.appendDone(new long[] {j.appendCommit(commit(1L, i, 1_000 + i))});
            }
            durable(j);
            int before = j.segmentCount();
            assertThat(before).isGreaterThan(4);
            int deleted = j.clean(0);
            assertThat(deleted).isPositive();
            assertThat(j.startOffset()).isLessThanOrEqualTo(open);
            assertThat(j.clean(0))
                    .as("nothing more to delete while %d is open", open)
                    .isZero();

            j.appendDone(new long[] {open});
            assertThat(j.clean(0)).isPositive();
            assertThat(j.startOffset()).isGreaterThan(open);
        }
        try (TransactionJournal j = open()) {
            TransactionJournal.Replayed replayed = j.replay(0);
            assertThat(replayed.pending()).isEmpty();
            // Both producers' latest transactions are known although their entries are deleted.
            assertThat(j.outcomes().latest(1L).transactionNumber()).isEqualTo(39);
            assertThat(j.outcomes().latest(2L).transactionNumber()).isZero();
        }
    }

    @Test
    void anUnreadableEntryFailsTheReplayWithItsOffset() throws Exception {
        try (TransactionJournal j = open()) {
            j.appendDone(new long[] {j.appendCommit(commit(1L, 0, 1_000))});
            synchronized (j) {
                j.appendEntry(Unpooled.wrappedBuffer(new byte[] {JournalEntries.VERSION, JournalEntries.COMMIT, 0}));
            }
            durable(j);
        }
        try (TransactionJournal j = open()) {
            assertThatThrownBy(() -> j.replay(0))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("at offset 2")
                    .hasMessageContaining("refusing to start");
        }
    }
}
