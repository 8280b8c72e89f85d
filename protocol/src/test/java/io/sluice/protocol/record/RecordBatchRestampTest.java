package io.sluice.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordBatchRestampTest {

    @Test
    void restampChangesProducerFieldsAndKeepsTheBatchValid() {
        RecordBatchBuilder builder =
                new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT, 256, -1L, (short) -1, -1, 0);
        builder.append(1_000L, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8));
        builder.append(1_005L, null, "v2".getBytes(StandardCharsets.UTF_8));
        ByteBuf buf = builder.build();
        try {
            RecordBatch batch = RecordBatch.wrap(buf);
            long crcBefore = batch.checksum();

            batch.restamp(42L, (short) 3, 1_000);

            RecordBatch reread = RecordBatch.wrap(buf).ensureValid();
            assertThat(reread.producerId()).isEqualTo(42L);
            assertThat(reread.producerEpoch()).isEqualTo((short) 3);
            assertThat(reread.baseSequence()).isEqualTo(1_000);
            assertThat(reread.lastSequence()).isEqualTo(1_001);
            assertThat(reread.checksum()).isNotEqualTo(crcBefore);
            List<String> values = new ArrayList<>();
            reread.forEach(r -> values.add(r.value().toString(StandardCharsets.UTF_8)));
            assertThat(values).containsExactly("v1", "v2");
        } finally {
            buf.release();
        }
    }

    @Test
    void aBatchCorruptedAfterRestampIsStillDetected() {
        RecordBatchBuilder builder = RecordBatchBuilder.plain(PooledByteBufAllocator.DEFAULT, 128);
        builder.append(5L, null, new byte[] {1, 2, 3});
        ByteBuf buf = builder.build();
        try {
            RecordBatch.wrap(buf).restamp(7L, (short) 0, 0);
            byte[] bytes = ByteBufUtil.getBytes(buf);
            bytes[bytes.length - 3] ^= 0x40;
            buf.setBytes(0, bytes);
            assertThat(RecordBatch.wrap(buf).isValid()).isFalse();
        } finally {
            buf.release();
        }
    }
}
