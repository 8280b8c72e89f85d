package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chapter 3.11: message bodies, and 3.7 (the Message interface: getBody, isBodyAssignableTo). */
@DisplayName("3.11 Message body")
class MessageBodyIT extends TckTestBase {
    private Session session;

    @BeforeEach
    void open() throws Exception {
        session = startedConnection().createSession();
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> T roundTrip(T m) throws Exception {
        Queue q = queue("body");
        session.createProducer(q).send(m);
        Message received = session.createConsumer(q).receive(RECEIVE_MS);
        assertThat(received).isNotNull();
        return (T) received;
    }

    @Test
    @DisplayName("3.11 TextMessage carries any text, also empty and null")
    void text() throws Exception {
        String big = "x\u00e9\u4e2d\ud83d\ude00".repeat(20_000);
        assertThat(roundTrip(session.createTextMessage(big)).getText()).isEqualTo(big);
        assertThat(roundTrip(session.createTextMessage("")).getText()).isEmpty();
        assertThat(roundTrip(session.createTextMessage()).getText()).isNull();
    }

    @Test
    @DisplayName("3.11 BytesMessage carries every written type in order")
    void bytes() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -1);
        m.writeShort((short) -2);
        m.writeChar('c');
        m.writeInt(3);
        m.writeLong(4L);
        m.writeFloat(5.5f);
        m.writeDouble(6.5d);
        m.writeUTF("utf \u00e9");
        m.writeBytes(new byte[] {9, 8, 7});
        m.writeObject(10);
        BytesMessage r = roundTrip(m);
        assertThat(r.readBoolean()).isTrue();
        assertThat(r.readByte()).isEqualTo((byte) -1);
        assertThat(r.readShort()).isEqualTo((short) -2);
        assertThat(r.readChar()).isEqualTo('c');
        assertThat(r.readInt()).isEqualTo(3);
        assertThat(r.readLong()).isEqualTo(4L);
        assertThat(r.readFloat()).isEqualTo(5.5f);
        assertThat(r.readDouble()).isEqualTo(6.5d);
        assertThat(r.readUTF()).isEqualTo("utf \u00e9");
        byte[] three = new byte[3];
        assertThat(r.readBytes(three)).isEqualTo(3);
        assertThat(three).containsExactly(9, 8, 7);
        assertThat(r.readInt()).isEqualTo(10);
        assertThatThrownBy(r::readByte).isInstanceOf(MessageEOFException.class);
        assertThat(r.readBytes(new byte[1])).isEqualTo(-1);
        r.reset();
        assertThat(r.getBodyLength()).isEqualTo(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8 + (2 + 6) + 3 + 4);
        assertThat(r.readBoolean()).isTrue();
    }

    @Test
    @DisplayName("3.11 BytesMessage is write-only until reset() and read-only after")
    void bytesModes() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1);
        assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    @DisplayName("3.11 MapMessage carries every type by name")
    void map() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) 1);
        m.setShort("short", (short) 2);
        m.setChar("char", 'z');
        m.setInt("int", 3);
        m.setLong("long", 4L);
        m.setFloat("float", 5.5f);
        m.setDouble("double", 6.5d);
        m.setString("string", "s");
        m.setBytes("bytes", new byte[] {1, 2, 3, 4}, 1, 2);
        m.setObject("object", 7);
        m.setString("null", null);
        MapMessage r = roundTrip(m);
        assertThat(r.getBoolean("bool")).isTrue();
        assertThat(r.getByte("byte")).isEqualTo((byte) 1);
        assertThat(r.getShort("short")).isEqualTo((short) 2);
        assertThat(r.getChar("char")).isEqualTo('z');
        assertThat(r.getInt("int")).isEqualTo(3);
        assertThat(r.getLong("long")).isEqualTo(4L);
        assertThat(r.getFloat("float")).isEqualTo(5.5f);
        assertThat(r.getDouble("double")).isEqualTo(6.5d);
        assertThat(r.getString("string")).isEqualTo("s");
        assertThat(r.getBytes("bytes")).containsExactly(2, 3);
        assertThat(r.getObject("object")).isEqualTo(7);
        assertThat(r.itemExists("null")).isTrue();
        assertThat(r.getString("null")).isNull();
        assertThat(r.itemExists("never")).isFalse();
        assertThat(r.getObject("never")).isNull();
        List<Object> names = Collections.list(r.getMapNames());
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "bool", "byte", "short", "char", "int", "long", "float", "double", "string", "bytes", "object",
                        "null");
    }

    @Test
    @DisplayName("3.11 MapMessage refuses a null or empty name with IllegalArgumentException")
    void mapNames() throws Exception {
        MapMessage m = session.createMapMessage();
        assertThatThrownBy(() -> m.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setInt("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("3.11 StreamMessage carries a sequence of values in order, and ends with MessageEOFException")
    void stream() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeBoolean(false);
        m.writeByte((byte) 1);
        m.writeShort((short) 2);
        m.writeChar('y');
        m.writeInt(3);
        m.writeLong(4L);
        m.writeFloat(5.5f);
        m.writeDouble(6.5d);
        m.writeString("s");
        m.writeBytes(new byte[] {1, 2});
        m.writeObject(null);
        StreamMessage r = roundTrip(m);
        assertThat(r.readBoolean()).isFalse();
        assertThat(r.readByte()).isEqualTo((byte) 1);
        assertThat(r.readShort()).isEqualTo((short) 2);
        assertThat(r.readChar()).isEqualTo('y');
        assertThat(r.readInt()).isEqualTo(3);
        assertThat(r.readLong()).isEqualTo(4L);
        assertThat(r.readFloat()).isEqualTo(5.5f);
        assertThat(r.readDouble()).isEqualTo(6.5d);
        assertThat(r.readString()).isEqualTo("s");
        assertThat(r.readObject()).isEqualTo(new byte[] {1, 2});
        assertThat(r.readObject()).isNull();
        assertThatThrownBy(r::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    @DisplayName("3.11 StreamMessage: a failed conversion leaves the value to be read again")
    void streamFailedReadKeepsPosition() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeString("not a number");
        StreamMessage r = roundTrip(m);
        assertThatThrownBy(r::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(r::readChar).isInstanceOf(MessageFormatException.class);
        assertThat(r.readString()).isEqualTo("not a number");
    }

    @Test
    @DisplayName("3.11 StreamMessage: a byte[] value can be read in chunks, ending with -1")
    void streamBytesInChunks() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeInt(9);
        StreamMessage r = roundTrip(m);
        byte[] buf = new byte[2];
        assertThat(r.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(1, 2);
        assertThat(r.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(3, 4);
        assertThat(r.readBytes(buf)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 5);
        assertThat(r.readInt()).isEqualTo(9);
    }

    @Test
    @DisplayName("3.11 BytesMessage.readBytes(buffer, length) reads at most length bytes")
    void bytesReadWithLength() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5}, 1, 3);
        BytesMessage r = roundTrip(m);
        assertThat(r.getBodyLength()).isEqualTo(3);
        byte[] buf = new byte[5];
        assertThat(r.readBytes(buf, 2)).isEqualTo(2);
        assertThat(buf).startsWith(2, 3);
        assertThat(r.readBytes(buf, 2)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 4);
        assertThat(r.readBytes(buf, 2)).isEqualTo(-1);
    }

    @Test
    @DisplayName("3.11 ObjectMessage carries a serializable object as a copy")
    void object() throws Exception {
        ArrayList<Object> list = new ArrayList<>(List.of("a", 1, 2.5d));
        ObjectMessage m = session.createObjectMessage(list);
        list.add("after setObject");
        ObjectMessage r = roundTrip(m);
        assertThat(r.getObject()).isEqualTo(List.of("a", 1, 2.5d));
        assertThat(r.getObject()).isNotSameAs(r.getObject());
        assertThat(roundTrip(session.createObjectMessage()).getObject()).isNull();
    }

    @Test
    @DisplayName("3.11 ObjectMessage carries an object of an application class")
    void applicationObject() throws Exception {
        TckPayload payload = new TckPayload("order", 3, List.of("a", "b"));
        ObjectMessage r = roundTrip(session.createObjectMessage(payload));
        assertThat(r.getObject()).isEqualTo(payload);
        assertThat(r.getBody(TckPayload.class)).isEqualTo(payload);
        assertThat(r.isBodyAssignableTo(java.io.Serializable.class)).isTrue();
    }

    @Test
    @DisplayName("3.11 a plain Message has no body and still carries headers and properties")
    void plainMessage() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("only", "properties");
        Message r = roundTrip(m);
        assertThat(r.getStringProperty("only")).isEqualTo("properties");
        assertThat(r.getBody(Object.class)).isNull();
    }

    @Test
    @DisplayName("3.11.1 clearBody empties a received body and makes it writable, leaving properties")
    void clearBody() throws Exception {
        TextMessage m = session.createTextMessage("old");
        m.setStringProperty("p", "kept");
        TextMessage r = roundTrip(m);
        r.clearBody();
        assertThat(r.getText()).isNull();
        r.setText("new");
        assertThat(r.getText()).isEqualTo("new");
        assertThat(r.getStringProperty("p")).isEqualTo("kept");
        BytesMessage b = session.createBytesMessage();
        b.writeInt(5);
        BytesMessage rb = roundTrip(b);
        rb.clearBody();
        rb.writeInt(6);
        rb.reset();
        assertThat(rb.readInt()).isEqualTo(6);
    }

    @Test
    @DisplayName("3.11.2 the body of every received message type is read-only")
    void receivedBodiesAreReadOnly() throws Exception {
        TextMessage t = roundTrip(session.createTextMessage("t"));
        assertThatThrownBy(() -> t.setText("x")).isInstanceOf(MessageNotWriteableException.class);
        BytesMessage b = roundTrip(session.createBytesMessage());
        assertThatThrownBy(() -> b.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        MapMessage mm = roundTrip(session.createMapMessage());
        assertThatThrownBy(() -> mm.setInt("x", 1)).isInstanceOf(MessageNotWriteableException.class);
        StreamMessage s = roundTrip(session.createStreamMessage());
        assertThatThrownBy(() -> s.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        ObjectMessage o = roundTrip(session.createObjectMessage("o"));
        assertThatThrownBy(() -> o.setObject("x")).isInstanceOf(MessageNotWriteableException.class);
    }

    /** Readers of a StreamMessage / MapMessage value, in the column order of the 3.11.3 table. */
    private static final String[] COLUMNS = {
        "boolean", "byte", "short", "char", "int", "long", "float", "double", "String", "byte[]"
    };

    static Stream<Arguments> streamConversions() {
        // X = allowed, - = MessageFormatException; the table of section 3.11.3.
        return Stream.of(
                Arguments.of("boolean", true, "X-------X-"),
                Arguments.of("byte", (byte) 1, "-XX-XX--X-"),
                Arguments.of("short", (short) 1, "--X-XX--X-"),
                Arguments.of("char", 'c', "---X----X-"),
                Arguments.of("int", 1, "----XX--X-"),
                Arguments.of("long", 1L, "-----X--X-"),
                Arguments.of("float", 1f, "------XXX-"),
                Arguments.of("double", 1d, "-------XX-"),
                Arguments.of("String", "1", "XXX-XXXXX-"),
                Arguments.of("byte[]", new byte[] {1}, "---------X"));
    }

    @ParameterizedTest(name = "3.11.3 a {0} in a StreamMessage and a MapMessage converts as the table says")
    @MethodSource("streamConversions")
    void conversionTable(String label, Object value, String allowed) throws Exception {
        StreamMessage s = session.createStreamMessage();
        s.writeObject(value);
        MapMessage m = session.createMapMessage();
        m.setObject("v", value);
        StreamMessage rs = roundTrip(s);
        MapMessage rm = roundTrip(m);
        for (int col = 0; col < COLUMNS.length; col++) {
            int c = col;
            boolean ok = allowed.charAt(col) == 'X';
            rs.reset();
            if (ok) {
                assertThat(readStream(rs, c))
                        .as("%s read as %s", label, COLUMNS[c])
                        .isNotNull();
                assertThat(readMap(rm, c))
                        .as("%s read as %s", label, COLUMNS[c])
                        .isNotNull();
            } else {
                assertThatThrownBy(() -> readStream(rs, c))
                        .as("%s read as %s", label, COLUMNS[c])
                        .isInstanceOf(MessageFormatException.class);
                assertThatThrownBy(() -> readMap(rm, c))
                        .as("%s read as %s", label, COLUMNS[c])
                        .isInstanceOf(MessageFormatException.class);
            }
        }
    }

    private static Object readStream(StreamMessage m, int column) throws Exception {
        return switch (column) {
            case 0 -> m.readBoolean();
            case 1 -> m.readByte();
            case 2 -> m.readShort();
            case 3 -> m.readChar();
            case 4 -> m.readInt();
            case 5 -> m.readLong();
            case 6 -> m.readFloat();
            case 7 -> m.readDouble();
            case 8 -> m.readString();
            default -> {
                byte[] buf = new byte[8];
                yield m.readBytes(buf);
            }
        };
    }

    private static Object readMap(MapMessage m, int column) throws Exception {
        return switch (column) {
            case 0 -> m.getBoolean("v");
            case 1 -> m.getByte("v");
            case 2 -> m.getShort("v");
            case 3 -> m.getChar("v");
            case 4 -> m.getInt("v");
            case 5 -> m.getLong("v");
            case 6 -> m.getFloat("v");
            case 7 -> m.getDouble("v");
            case 8 -> m.getString("v");
            default -> m.getBytes("v");
        };
    }

    @Test
    @DisplayName("3.7 getBody and isBodyAssignableTo follow the message type")
    void getBody() throws Exception {
        TextMessage t = roundTrip(session.createTextMessage("body"));
        assertThat(t.getBody(String.class)).isEqualTo("body");
        assertThat(t.isBodyAssignableTo(String.class)).isTrue();
        assertThat(t.isBodyAssignableTo(Integer.class)).isFalse();
        assertThatThrownBy(() -> t.getBody(Integer.class)).isInstanceOf(MessageFormatException.class);
        BytesMessage b = session.createBytesMessage();
        b.writeBytes(new byte[] {4, 5});
        assertThat(roundTrip(b).getBody(byte[].class)).containsExactly(4, 5);
        MapMessage m = session.createMapMessage();
        m.setInt("k", 1);
        assertThat(roundTrip(m).getBody(Map.class)).isEqualTo(Map.of("k", 1));
        assertThat(roundTrip(session.createObjectMessage(7L)).getBody(Long.class))
                .isEqualTo(7L);
        assertThat(roundTrip(session.createTextMessage()).getBody(String.class))
                .as("no body")
                .isNull();
        StreamMessage s = session.createStreamMessage();
        s.writeInt(1);
        StreamMessage rs = roundTrip(s);
        assertThat(rs.isBodyAssignableTo(Object.class)).isFalse();
        assertThatThrownBy(() -> rs.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
    }
}
