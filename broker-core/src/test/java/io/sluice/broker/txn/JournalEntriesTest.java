package io.sluice.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.broker.testing.Batches;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalEntriesTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);

    /** Collects what decoding yields. */
    private static final class Collected implements JournalEntries.Handler {
        final List<Object> entries = new ArrayList<>();

        @Override
        public void commit(CommitRecord commit) {
            entries.add(commit);
        }

        @Override
        public void done(long[] commitOffsets) {
            entries.add(commitOffsets);
        }

        @Override
        public void outcomes(List<TransactionOutcomes.Outcome> outcomes) {
            entries.add(outcomes);
        }
    }

    static CommitRecord sample() {
        return new CommitRecord(
                77L,
                (short) 3,
                12L,
                1_700_000_000_000L,
                List.of(
                        new CommitRecord.Write("orders", 0, Batches.idempotent(77L, (short) 3, 0, 5L, "a", "b")),
                        new CommitRecord.Write("audit-é", 4, Batches.idempotent(77L, (short) 3, 9, 5L, "c"))),
                List.of(
                        new CommitRecord.Acks(5L, 0, new long[] {3, 4, 5, 9, 10, 20}),
                        new CommitRecord.Acks(6L, 2, new long[] {0})));
    }

    private static Collected decode(ByteBuf value) {
        Collected c = new Collected();
        JournalEntries.decode(value, c);
        return c;
    }

    @Test
    void aCommitRoundTripsWithItsBatchesAndAcknowledgements() {
        CommitRecord original = sample();
        ByteBuf encoded = JournalEntries.encodeCommit(original, ALLOC);
        assertThat((long) encoded.readableBytes()).isEqualTo(JournalEntries.commitSize(original));
        CommitRecord decoded = (CommitRecord) decode(encoded).entries.get(0);
        assertThat(decoded.outcome()).isEqualTo(original.outcome());
        assertThat(decoded.writes()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            CommitRecord.Write w = decoded.writes().get(i);
            assertThat(w.topic()).isEqualTo(original.writes().get(i).topic());
            assertThat(w.partition()).isEqualTo(original.writes().get(i).partition());
            assertThat(w.records()).isEqualTo(original.writes().get(i).records());
        }
        assertThat(decoded.acks()).hasSize(2);
        assertThat(decoded.acks().get(0).subscriptionId()).isEqualTo(5L);
        assertThat(decoded.acks().get(0).offsets()).containsExactly(3, 4, 5, 9, 10, 20);
        assertThat(decoded.acks().get(1).offsets()).containsExactly(0);
        assertThat(decoded.ackCount()).isEqualTo(7);
    }

    @Test
    void consecutiveAcknowledgementsAreStoredAsRanges() {
        long[] many = new long[100_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = 1_000 + i;
        }
        CommitRecord c =
                new CommitRecord(1L, (short) 0, 0L, 0L, List.of(), List.of(new CommitRecord.Acks(1L, 0, many)));
        ByteBuf encoded = JournalEntries.encodeCommit(c, ALLOC);
        assertThat(encoded.readableBytes()).isLessThan(100);
        assertThat(((CommitRecord) decode(encoded).entries.get(0)).acks().get(0).offsets())
                .isEqualTo(many);
    }

    @Test
    void doneAndOutcomeEntriesRoundTrip() {
        assertThat((long[]) decode(JournalEntries.encodeDone(new long[] {4, 17}, ALLOC))
                        .entries
                        .get(0))
                .containsExactly(4, 17);
        List<TransactionOutcomes.Outcome> table = List.of(
                new TransactionOutcomes.Outcome(1L, (short) 0, 5L, 100L),
                new TransactionOutcomes.Outcome(2L, (short) 7, 0L, 200L));
        assertThat(decode(JournalEntries.encodeOutcomes(table, ALLOC)).entries.get(0))
                .isEqualTo(table);
    }

    @Test
    void everyTruncationAndTrailingByteIsRefused() {
        List<ByteBuf> entries = List.of(
                JournalEntries.encodeCommit(sample(), ALLOC),
                JournalEntries.encodeDone(new long[] {1, 2}, ALLOC),
                JournalEntries.encodeOutcomes(List.of(new TransactionOutcomes.Outcome(1L, (short) 0, 5L, 9L)), ALLOC));
        for (ByteBuf entry : entries) {
            for (int length = 0; length < entry.readableBytes(); length++) {
                ByteBuf cut = entry.slice(0, length);
                assertThatThrownBy(() -> decode(cut))
                        .as("cut to %d bytes", length)
                        .isInstanceOf(InvalidRecordException.class);
            }
            ByteBuf longer = Unpooled.buffer().writeBytes(entry.duplicate()).writeByte(0);
            assertThatThrownBy(() -> decode(longer)).hasMessageContaining("trailing");
        }
    }

    @Test
    void unknownVersionsTypesAndImpossibleCountsAreRefused() {
        assertThatThrownBy(() -> decode(Unpooled.wrappedBuffer(new byte[] {2, 1})))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> decode(Unpooled.wrappedBuffer(new byte[] {1, 9})))
                .hasMessageContaining("type 9");
        ByteBuf forged =
                Unpooled.buffer().writeByte(1).writeByte(JournalEntries.DONE).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> decode(forged)).hasMessageContaining("claims 2147483647");
    }

    @Test
    void randomCorruptionOnlyEverFailsAsAnInvalidEntry() {
        ByteBuf entry = JournalEntries.encodeCommit(sample(), ALLOC);
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            ByteBuf copy = Unpooled.copiedBuffer(entry);
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                copy.setByte(random.nextInt(copy.readableBytes()), random.nextInt(256));
            }
            try {
                decode(copy);
            } catch (InvalidRecordException expected) {
                // the only acceptable failure
            }
        }
    }
}
