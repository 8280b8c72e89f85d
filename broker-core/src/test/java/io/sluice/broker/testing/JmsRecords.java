package io.sluice.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.protocol.message.JmsMetadata;
import io.sluice.protocol.record.Header;
import io.sluice.protocol.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds record batches of JMS text messages (with the {@code jms} metadata header) for tests. */
public final class JmsRecords {
    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false, true);

    private JmsRecords() {}

    /** A message to put into a batch. */
    public static final class Msg {
        final String text;
        int priority = JmsMetadata.DEFAULT_PRIORITY;
        long expiration;
        long deliveryTime;
        boolean persistent = true;
        String type;
        final Map<String, Object> properties = new LinkedHashMap<>();

        private Msg(String text) {
            this.text = text;
        }

        public Msg priority(int p) {
            this.priority = p;
            return this;
        }

        public Msg expiration(long ms) {
            this.expiration = ms;
            return this;
        }

        public Msg deliveryTime(long ms) {
            this.deliveryTime = ms;
            return this;
        }

        public Msg nonPersistent() {
            this.persistent = false;
            return this;
        }

        public Msg type(String t) {
            this.type = t;
            return this;
        }

        public Msg property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        /** The text body. */
        @Override
        public String toString() {
            return text;
        }
    }

    public static Msg text(String text) {
        return new Msg(text);
    }

    /** Messages with default headers, one per text. */
    public static List<Msg> texts(String... texts) {
        List<Msg> out = new ArrayList<>();
        for (String t : texts) {
            out.add(text(t));
        }
        return out;
    }

    public static ByteBuf batch(long timestamp, List<Msg> messages) {
        return batch(-1L, (short) -1, -1, timestamp, messages);
    }

    public static ByteBuf batch(long producerId, short epoch, int baseSequence, long timestamp, List<Msg> messages) {
        RecordBatchBuilder builder = new RecordBatchBuilder(ALLOCATOR, 256, producerId, epoch, baseSequence, 0);
        for (Msg m : messages) {
            JmsMetadata metadata = new JmsMetadata()
                    .persistent(m.persistent)
                    .priority(m.priority)
                    .expiration(m.expiration)
                    .deliveryTime(m.deliveryTime)
                    .messageId("ID:test-" + m.text)
                    .type(m.type);
            m.properties.forEach(metadata::property);
            ByteBuf jms = Unpooled.buffer();
            metadata.encode(jms);
            builder.append(
                    timestamp,
                    (byte) 2,
                    null,
                    Unpooled.wrappedBuffer(m.text.getBytes(StandardCharsets.UTF_8)),
                    List.of(new Header(JmsMetadata.HEADER_KEY, jms)));
        }
        return builder.build();
    }
}
