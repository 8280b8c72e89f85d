package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceObjectMessageTest {

    /** A class outside the default allow-list whose readObject leaves a trace. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger READS = new AtomicInteger();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READS.incrementAndGet();
            in.defaultReadObject();
        }
    }

    @BeforeEach
    @AfterEach
    void reset() {
        Gadget.READS.set(0);
        System.clearProperty(ObjectMessageAllowList.SYSTEM_PROPERTY);
    }

    @Test
    void theBodyIsASnapshotTakenAtSetTime() throws Exception {
        List<String> list = new ArrayList<>(List.of("a"));
        SluiceObjectMessage m = new SluiceObjectMessage();
        m.setObject((Serializable) list);
        list.add("b");
        assertThat(m.getObject()).isEqualTo(List.of("a"));
        assertThat(m.getObject()).as("every read is a fresh copy").isNotSameAs(m.getObject());
    }

    @Test
    void defaultAllowListCoversJavaLangUtilMathTime() throws Exception {
        HashMap<String, Object> body = new HashMap<>();
        body.put("decimal", new BigDecimal("1.50"));
        body.put("instant", Instant.ofEpochSecond(5));
        body.put("zoned", ZonedDateTime.parse("2024-03-01T10:15:30+01:00[Europe/Paris]"));
        body.put("concurrent", new ConcurrentHashMap<>(Map.of("k", 1)));
        body.put("array", new String[] {"x"});
        body.put("ints", new int[] {1, 2});
        body.put("sb", new StringBuilder("sb"));
        SluiceObjectMessage m = (SluiceObjectMessage) CodecFixtures.roundTrip(new SluiceObjectMessage(body));
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) m.getObject();
        assertThat(read.get("decimal")).isEqualTo(new BigDecimal("1.50"));
        assertThat(read.get("zoned")).isEqualTo(body.get("zoned"));
        assertThat(read.get("concurrent")).isEqualTo(Map.of("k", 1));
        assertThat((String[]) read.get("array")).containsExactly("x");
        assertThat((int[]) read.get("ints")).containsExactly(1, 2);
    }

    @Test
    void aClassOutsideTheAllowListIsRejectedBeforeItsReadObjectRuns() throws Exception {
        SluiceObjectMessage m = (SluiceObjectMessage) CodecFixtures.roundTrip(new SluiceObjectMessage(new Gadget()));
        assertThatThrownBy(m::getObject)
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(Gadget.class.getName())
                .hasMessageContaining(ObjectMessageAllowList.SYSTEM_PROPERTY);
        assertThatThrownBy(() -> m.getBody(Serializable.class)).isInstanceOf(MessageFormatException.class);
        assertThat(m.isBodyAssignableTo(Serializable.class)).isFalse();
        assertThat(Gadget.READS.get()).as("the gadget's readObject never ran").isZero();
    }

    @Test
    void aGadgetInsideAnAllowedCollectionIsRejectedToo() throws Exception {
        ArrayList<Object> wrapper = new ArrayList<>(List.of("fine", new Gadget()));
        SluiceObjectMessage m = (SluiceObjectMessage) CodecFixtures.roundTrip(new SluiceObjectMessage(wrapper));
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class);
        assertThat(Gadget.READS.get()).isZero();
    }

    @Test
    void anAllowListOnTheCodecLetsTheClassThrough() throws Exception {
        MessageCodec codec = new MessageCodec(ObjectMessageAllowList.defaults().plus(Gadget.class.getName()));
        SluiceObjectMessage m = (SluiceObjectMessage) CodecFixtures.roundTrip(
                codec, new SluiceObjectMessage(new Gadget()), DeliveryInfo.of(CodecFixtures.QUEUE, 0, 1));
        assertThat(m.getObject()).isInstanceOf(Gadget.class);
        assertThat(Gadget.READS.get()).isEqualTo(1);
    }

    @Test
    void theSystemPropertyReplacesTheDefaultList() throws Exception {
        SluiceObjectMessage m = new SluiceObjectMessage(new Gadget());
        System.setProperty(ObjectMessageAllowList.SYSTEM_PROPERTY, "io.sluice.jms.message.*");
        assertThat(m.getObject()).as("a nested class belongs to its package").isInstanceOf(Gadget.class);
        System.setProperty(ObjectMessageAllowList.SYSTEM_PROPERTY, "com.acme.**");
        assertThatThrownBy(() -> new SluiceObjectMessage(5).getObject())
                .as("java.lang is no longer allowed")
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void anObjectThatCannotBeSerializedIsAFormatError() {
        ArrayList<Object> list = new ArrayList<>(List.of(new Object()));
        assertThatThrownBy(() -> new SluiceObjectMessage(list))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("ArrayList");
    }

    @Test
    void aForgedArrayLengthIsRejectedWithoutAllocating() throws Exception {
        byte[] payload = new byte[77];
        byte[] bytes = new SluiceObjectMessage(payload).serializedBody().clone();
        int lengthAt = bytes.length - payload.length - 4;
        assertThat(bytes[lengthAt + 3]).as("found the array length").isEqualTo((byte) 77);
        bytes[lengthAt] = 0x7f;
        bytes[lengthAt + 1] = (byte) 0xff;
        bytes[lengthAt + 2] = (byte) 0xff;
        bytes[lengthAt + 3] = (byte) 0xf0;
        SluiceObjectMessage forged = new SluiceObjectMessage();
        forged.setSerializedBody(bytes);
        assertThatThrownBy(forged::getObject)
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("array of 2147483632 elements");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() throws Exception {
        ArrayList<Object> deep = new ArrayList<>();
        for (int i = 0; i < ObjectMessageAllowList.MAX_DEPTH + 10; i++) {
            ArrayList<Object> outer = new ArrayList<>();
            outer.add(deep);
            deep = outer;
        }
        SluiceObjectMessage m = new SluiceObjectMessage(deep);
        assertThatThrownBy(m::getObject)
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void garbageIsAFormatError() throws Exception {
        SluiceObjectMessage m = new SluiceObjectMessage();
        m.setSerializedBody(new byte[] {1, 2, 3});
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class);
        assertThat(m.isBodyAssignableTo(Object.class)).isFalse();
    }

    @Test
    void receivedObjectMessageIsReadOnlyUntilCleared() throws Exception {
        SluiceObjectMessage r = (SluiceObjectMessage) CodecFixtures.roundTrip(new SluiceObjectMessage("x"));
        assertThatThrownBy(() -> r.setObject("y")).isInstanceOf(MessageNotWriteableException.class);
        r.clearBody();
        assertThat(r.getObject()).isNull();
        r.setObject("y");
        assertThat(r.getObject()).isEqualTo("y");
    }
}
