package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceStreamMessageTest {

    @Test
    void everyTypeRoundTripsInOrder() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeBytes(new byte[] {11, 12, 13});
        m.writeBoolean(false);
        m.writeByte((byte) 127);
        m.writeChar('Z');
        m.writeDouble(6.02e23);
        m.writeFloat(6.02e23f);
        m.writeInt(6);
        m.writeLong(Long.MIN_VALUE);
        m.writeObject("obj");
        m.writeShort((short) 32767);
        m.writeString("text");
        m.writeString(null);
        m.writeObject(null);
        m.writeBytes(new byte[] {0, 1, 2, 3}, 1, 2);

        SluiceStreamMessage r = (SluiceStreamMessage) CodecFixtures.roundTrip(m);
        byte[] buf = new byte[3];
        assertThat(r.readBytes(buf)).isEqualTo(3);
        assertThat(buf).containsExactly(11, 12, 13);
        assertThat(r.readBytes(buf)).as("ends the exactly filled byte[] value").isEqualTo(-1);
        assertThat(r.readBoolean()).isFalse();
        assertThat(r.readByte()).isEqualTo((byte) 127);
        assertThat(r.readChar()).isEqualTo('Z');
        assertThat(r.readDouble()).isEqualTo(6.02e23);
        assertThat(r.readFloat()).isEqualTo(6.02e23f);
        assertThat(r.readInt()).isEqualTo(6);
        assertThat(r.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(r.readObject()).isEqualTo("obj");
        assertThat(r.readShort()).isEqualTo((short) 32767);
        assertThat(r.readString()).isEqualTo("text");
        assertThat(r.readString()).isNull();
        assertThat(r.readObject()).isNull();
        assertThat(r.readObject()).isEqualTo(new byte[] {1, 2});
        assertThatThrownBy(r::readObject).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(r::readInt).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(() -> r.readBytes(buf)).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void aByteArrayIsReadInChunks() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeInt(9);
        m.reset();
        byte[] buf = new byte[2];
        List<Integer> counts = new ArrayList<>();
        ByteCollector got = new ByteCollector();
        int n;
        do {
            n = m.readBytes(buf);
            counts.add(n);
            got.add(buf, n);
        } while (n == buf.length);
        assertThat(counts).containsExactly(2, 2, 1);
        assertThat(got.bytes).containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5);
        assertThat(m.readInt()).as("the short last chunk ended the value").isEqualTo(9);
    }

    @Test
    void noOtherReadWhileAByteArrayIsPartlyRead() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.reset();
        assertThat(m.readBytes(new byte[1])).isEqualTo(1);
        assertThatThrownBy(m::readObject).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(m::readString).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageFormatException.class);
        byte[] rest = new byte[5];
        assertThat(m.readBytes(rest)).isEqualTo(2);
        assertThat(rest).startsWith(2, 3);
        m.reset();
        assertThat(m.readObject()).as("reset abandons a partial read").isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void nullAndEmptyByteArrays() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeBytes(null);
        m.writeBytes(new byte[0]);
        m.writeString("after");
        m.reset();
        assertThat(m.readBytes(new byte[4])).as("null value").isEqualTo(-1);
        assertThat(m.readBytes(new byte[4])).as("empty value").isZero();
        assertThat(m.readString()).isEqualTo("after");
    }

    @Test
    void readingAnotherTypeAsBytesIsAFormatErrorAndDoesNotMove() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeString("s");
        m.reset();
        assertThatThrownBy(() -> m.readBytes(new byte[4])).isInstanceOf(MessageFormatException.class);
        assertThat(m.readString()).isEqualTo("s");
    }

    @Test
    void writeOnlyUntilResetReadOnlyAfter() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageNotWriteableException.class);
        assertThat(m.readInt()).isEqualTo(1);
        m.clearBody();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThatThrownBy(m::readInt).as("clearBody emptied it").isInstanceOf(MessageEOFException.class);
    }

    @Test
    void receivedMessageIsReadOnly() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeString("x");
        SluiceStreamMessage r = (SluiceStreamMessage) CodecFixtures.roundTrip(m);
        assertThatThrownBy(() -> r.writeBoolean(true)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> r.writeString("y")).isInstanceOf(MessageNotWriteableException.class);
        assertThat(r.readString()).isEqualTo("x");
    }

    @Test
    void writeObjectRejectsOtherTypes() {
        SluiceStreamMessage m = new SluiceStreamMessage();
        assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeObject(new Byte[] {1})).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeBytes(new byte[2], 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writtenAndReadArraysAreCopies() throws Exception {
        SluiceStreamMessage m = new SluiceStreamMessage();
        byte[] data = {1};
        m.writeBytes(data);
        m.writeObject(data);
        data[0] = 9;
        m.reset();
        byte[] first = (byte[]) m.readObject();
        assertThat(first).containsExactly(1);
        first[0] = 7;
        m.reset();
        assertThat((byte[]) m.readObject()).containsExactly(1);
        assertThat((byte[]) m.readObject()).containsExactly(1);
    }

    private static final class ByteCollector {
        final List<Byte> bytes = new ArrayList<>();

        void add(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                bytes.add(buf[i]);
            }
        }
    }
}
