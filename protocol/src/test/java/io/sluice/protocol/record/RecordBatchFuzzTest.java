package io.sluice.protocol.record;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the record-batch reader: arbitrary bytes read as batches, each one's CRC32C then set
 * right (as any sender can) so that validation gets past the checksum to the records, headers and
 * lengths. The only failure allowed is an {@link InvalidRecordException}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordBatchFuzzTest {
    private static final int MAX_BATCH_BYTES = 1024 * 1024;

    @FuzzTest(maxDuration = "30s")
    void batches(byte[] input) {
        ByteBuf buf = Unpooled.wrappedBuffer(input);
        try {
            while (buf.isReadable()) {
                RecordBatch batch = RecordBatch.readFrom(buf, MAX_BATCH_BYTES);
                batch.isValid();
                batch.restamp(batch.producerId(), batch.producerEpoch(), batch.baseSequence());
                batch.ensureValid();
                long expected = batch.baseOffset();
                for (Record record : batch) {
                    record.headers();
                    record.header("jms");
                    record.key();
                    record.value();
                    ByteBuf raw = record.rawBytes().duplicate();
                    Record again = Record.readFrom(raw, batch.baseOffset(), batch.firstTimestamp());
                    if (again.offset() != record.offset() || again.sizeInBytes() != record.sizeInBytes()) {
                        throw new AssertionError("re-reading record " + expected + " gave a different record");
                    }
                    expected++;
                }
            }
        } catch (InvalidRecordException expected) {
            // the only acceptable way to refuse a batch
        }
    }
}
