package io.sluice.protocol.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.record.InvalidRecordException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the JMS metadata decoder (the {@code jms} record header): arbitrary bytes either decode
 * or fail with {@link InvalidRecordException}; what decodes re-encodes to bytes that decode to the
 * same encoding again, and the fixed-position peeks agree with the full decode.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JmsMetadataFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        JmsMetadata decoded;
        try {
            decoded = JmsMetadata.decode(Unpooled.wrappedBuffer(input));
        } catch (InvalidRecordException expected) {
            return;
        }
        ByteBuf wire = Unpooled.wrappedBuffer(input);
        if (JmsMetadata.peekPriority(wire) != decoded.priority()
                || JmsMetadata.peekExpiration(wire) != decoded.expiration()
                || JmsMetadata.peekDeliveryTime(wire) != decoded.deliveryTime()
                || JmsMetadata.peekPersistent(wire) != decoded.persistent()) {
            throw new AssertionError("a peek disagrees with the decoded metadata " + decoded);
        }
        byte[] once = encode(decoded);
        byte[] twice = encode(JmsMetadata.decode(Unpooled.wrappedBuffer(once)));
        if (!Arrays.equals(once, twice)) {
            throw new AssertionError("re-encoding is not stable for " + decoded);
        }
    }

    private static byte[] encode(JmsMetadata metadata) {
        ByteBuf out = Unpooled.buffer();
        metadata.encode(out);
        return ByteBufUtil.getBytes(out);
    }
}
