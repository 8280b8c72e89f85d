package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceBytesMessageTest {

    private static SluiceBytesMessage everyType() throws JMSException {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -2);
        m.writeShort((short) -3);
        m.writeChar('ß');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong(Long.MAX_VALUE);
        m.writeFloat(1.25f);
        m.writeDouble(-0.5);
        m.writeUTF("héllo");
        m.writeBytes(new byte[] {7, 8, 9});
        m.writeBytes(new byte[] {0, 1, 2, 3}, 1, 2);
        return m;
    }

    @Test
    void writesAndReadsEveryTypeInDataOutputLayout() throws Exception {
        SluiceBytesMessage m = everyType();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeBoolean(true);
        out.writeByte(-2);
        out.writeShort(-3);
        out.writeChar('ß');
        out.writeInt(Integer.MIN_VALUE);
        out.writeLong(Long.MAX_VALUE);
        out.writeFloat(1.25f);
        out.writeDouble(-0.5);
        out.writeUTF("héllo");
        out.write(new byte[] {7, 8, 9, 1, 2});
        assertThat(m.getBody(byte[].class)).isEqualTo(expected.toByteArray());

        SluiceBytesMessage received = (SluiceBytesMessage) CodecFixtures.roundTrip(m);
        assertThat(received.getBodyLength()).isEqualTo(expected.size());
        assertThat(received.readBoolean()).isTrue();
        assertThat(received.readByte()).isEqualTo((byte) -2);
        assertThat(received.readShort()).isEqualTo((short) -3);
        assertThat(received.readChar()).isEqualTo('ß');
        assertThat(received.readInt()).isEqualTo(Integer.MIN_VALUE);
        assertThat(received.readLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(received.readFloat()).isEqualTo(1.25f);
        assertThat(received.readDouble()).isEqualTo(-0.5);
        assertThat(received.readUTF()).isEqualTo("héllo");
        byte[] rest = new byte[10];
        assertThat(received.readBytes(rest)).isEqualTo(5);
        assertThat(rest).startsWith(7, 8, 9, 1, 2);
        assertThat(received.readBytes(rest)).as("-1 at the end").isEqualTo(-1);
    }

    @Test
    void unsignedReads() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeByte((byte) -1);
        m.writeShort((short) -1);
        m.reset();
        assertThat(m.readUnsignedByte()).isEqualTo(255);
        assertThat(m.readUnsignedShort()).isEqualTo(65535);
    }

    @Test
    void writeOnlyUntilReset() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(4);
        assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.writeObject("s")).isInstanceOf(MessageNotWriteableException.class);
        assertThat(m.readInt()).isEqualTo(1);
        m.reset();
        assertThat(m.readInt()).as("reset rewinds").isEqualTo(1);
        m.clearBody();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        m.writeByte((byte) 5);
        m.reset();
        assertThat(m.getBodyLength()).as("clearBody emptied the old body").isEqualTo(1);
    }

    @Test
    void receivedMessageIsReadOnlyAndReadable() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeInt(5);
        SluiceBytesMessage received = (SluiceBytesMessage) CodecFixtures.roundTrip(m);
        assertThatThrownBy(() -> received.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThat(received.readInt()).isEqualTo(5);
        received.clearBody();
        received.writeInt(6);
        received.reset();
        assertThat(received.readInt()).isEqualTo(6);
    }

    @Test
    void endOfStreamThrowsAndDoesNotMove() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeShort((short) 0x0102);
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readLong).isInstanceOf(MessageEOFException.class);
        assertThat(m.readShort()).as("the failed reads consumed nothing").isEqualTo((short) 0x0102);
        assertThatThrownBy(m::readByte).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readBoolean).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageEOFException.class);
        assertThat(m.readBytes(new byte[3])).isEqualTo(-1);
    }

    @Test
    void readBytesFillsTheArrayThenReportsTheRestThenMinusOne() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.reset();
        byte[] buf = new byte[2];
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(1, 2);
        assertThat(m.readBytes(buf, 1)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 3);
        assertThat(m.readBytes(buf, 0)).as("zero requested, bytes left").isZero();
        assertThat(m.readBytes(new byte[8])).isEqualTo(2);
        assertThat(m.readBytes(new byte[8])).isEqualTo(-1);
        assertThatThrownBy(() -> m.readBytes(buf, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.readBytes(buf, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void malformedUtfIsAFormatErrorAndDoesNotMove() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeShort((short) 2);
        m.writeByte((byte) 0xC0); // a two-byte sequence start followed by an invalid continuation
        m.writeByte((byte) 0x20);
        m.reset();
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageFormatException.class);
        assertThat(m.readShort()).isEqualTo((short) 2);

        SluiceBytesMessage truncated = new SluiceBytesMessage();
        truncated.writeShort((short) 10);
        truncated.writeByte((byte) 'a');
        truncated.reset();
        assertThatThrownBy(truncated::readUTF).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void writeObjectTakesWrappersStringsAndBytesButNoNull() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        for (Object v : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s", new byte[] {9})) {
            m.writeObject(v);
        }
        assertThatThrownBy(() -> m.writeObject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeObject(List.of())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeBytes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.writeUTF(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.writeBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        m.reset();
        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) 1);
        assertThat(m.readShort()).isEqualTo((short) 2);
        assertThat(m.readChar()).isEqualTo('c');
        assertThat(m.readInt()).isEqualTo(3);
        assertThat(m.readLong()).isEqualTo(4L);
        assertThat(m.readFloat()).isEqualTo(5f);
        assertThat(m.readDouble()).isEqualTo(6d);
        assertThat(m.readUTF()).isEqualTo("s");
        assertThat(m.readByte()).isEqualTo((byte) 9);
    }

    @Test
    void writeUtfRejectsStringsLongerThan65535EncodedBytes() {
        SluiceBytesMessage m = new SluiceBytesMessage();
        assertThatThrownBy(() -> m.writeUTF("x".repeat(65536))).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void writtenArraysAreCopied() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        byte[] data = {1, 2};
        m.writeBytes(data);
        data[0] = 9;
        m.reset();
        assertThat(m.readByte()).isEqualTo((byte) 1);
    }

    @Test
    void getBodyInReadModeRewinds() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        m.writeInt(7);
        m.writeInt(8);
        m.reset();
        assertThat(m.readInt()).isEqualTo(7);
        assertThat(m.getBody(byte[].class)).hasSize(8);
        assertThat(m.readInt()).isEqualTo(7);
    }

    @Test
    void bodyGrowsPastItsInitialCapacity() throws Exception {
        SluiceBytesMessage m = new SluiceBytesMessage();
        for (int i = 0; i < 10_000; i++) {
            m.writeInt(i);
        }
        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(40_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(m.readInt()).isEqualTo(i);
        }
    }
}
