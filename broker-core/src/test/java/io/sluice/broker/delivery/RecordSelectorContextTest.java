package io.sluice.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.Record;
import io.sluice.protocol.record.RecordBatch;
import io.sluice.protocol.record.RecordBatchBuilder;
import io.sluice.protocol.selector.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecordSelectorContextTest {

    private static Record record(JmsMetadata metadata) {
        RecordBatchBuilder b = RecordBatchBuilder.plain(Unpooled.buffer().alloc(), 128);
        List<Header> headers = List.of();
        if (metadata != null) {
            ByteBuf jms = Unpooled.buffer();
            metadata.encode(jms);
            headers = List.of(new Header(JmsMetadata.HEADER_KEY, jms));
        }
        b.append(
                1234L,
                (byte) 2,
                Unpooled.wrappedBuffer("g1".getBytes()),
                Unpooled.wrappedBuffer("v".getBytes()),
                headers);
        ByteBuf batch = b.build();
        batch.setLong(0, 40L);
        return RecordBatch.wrap(batch).iterator().next();
    }

    private static boolean matches(String selector, Record r, int count) throws Exception {
        ByteBuf jms = r.headerCount() == 0 ? null : r.header(JmsMetadata.HEADER_KEY);
        return Selector.parse(selector).matches(new RecordSelectorContext("orders").reset(2, r, jms, count));
    }

    @Test
    void headersAndPropertiesComeFromTheMetadata() throws Exception {
        Record r = record(new JmsMetadata()
                .persistent(false)
                .priority(7)
                .messageId("ID:abc")
                .correlationId("corr")
                .type("car")
                .property("weight", 2600)
                .property("color", "blue")
                .property("JMSXGroupID", "g1")
                .property("ratio", 0.5f));
        assertThat(matches("JMSDeliveryMode = 'NON_PERSISTENT' AND JMSPriority = 7", r, 1))
                .isTrue();
        assertThat(matches("JMSMessageID = 'ID:abc' AND JMSCorrelationID = 'corr' AND JMSType = 'car'", r, 1))
                .isTrue();
        assertThat(matches("JMSTimestamp = 1234", r, 1)).isTrue();
        assertThat(matches("weight > 2500", r, 1)).isTrue();
        assertThat(matches("color = 'blue'", r, 1)).isTrue();
        assertThat(matches("JMSXGroupID = 'g1'", r, 1)).isTrue();
        assertThat(matches("ratio < 1", r, 1)).isTrue();
        assertThat(matches("JMSXDeliveryCount = 3", r, 3)).isTrue();
        assertThat(matches("missing IS NULL AND weight <> 2500 ", r, 1)).isTrue();
    }

    @Test
    void timestampReadsZeroWhenDisabled() throws Exception {
        Record r = record(new JmsMetadata().timestampDisabled(true));
        assertThat(matches("JMSTimestamp = 0", r, 1)).isTrue();
    }

    @Test
    void aRecordWithoutMetadataLooksLikeTheNativeBytesMessage() throws Exception {
        Record r = record(null);
        assertThat(matches(
                        "JMSDeliveryMode = 'PERSISTENT' AND JMSPriority = 4 AND JMSMessageID = 'ID:orders-2-40'"
                                + " AND JMSType IS NULL AND anything IS NULL",
                        r,
                        1))
                .isTrue();
    }
}
