package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceMapMessageTest {

    @Test
    void everyTypeRoundTripsByName() throws Exception {
        SluiceMapMessage m = new SluiceMapMessage();
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) -1);
        m.setShort("short", (short) 2);
        m.setChar("char", 'ç');
        m.setInt("int", 3);
        m.setLong("long", 4L);
        m.setFloat("float", 5.5f);
        m.setDouble("double", 6.5);
        m.setString("string", "ünï");
        m.setString("nullString", null);
        m.setBytes("bytes", new byte[] {1, 2});
        m.setBytes("slice", new byte[] {0, 1, 2, 3}, 1, 2);
        m.setObject("obj", 7);

        SluiceMapMessage r = (SluiceMapMessage) CodecFixtures.roundTrip(m);
        assertThat(r.getBoolean("bool")).isTrue();
        assertThat(r.getByte("byte")).isEqualTo((byte) -1);
        assertThat(r.getShort("short")).isEqualTo((short) 2);
        assertThat(r.getChar("char")).isEqualTo('ç');
        assertThat(r.getInt("int")).isEqualTo(3);
        assertThat(r.getLong("long")).isEqualTo(4L);
        assertThat(r.getFloat("float")).isEqualTo(5.5f);
        assertThat(r.getDouble("double")).isEqualTo(6.5);
        assertThat(r.getString("string")).isEqualTo("ünï");
        assertThat(r.getString("nullString")).isNull();
        assertThat(r.itemExists("nullString")).isTrue();
        assertThat(r.getBytes("bytes")).containsExactly(1, 2);
        assertThat(r.getBytes("slice")).containsExactly(1, 2);
        assertThat(r.getObject("obj")).isEqualTo(7);
        assertThat(Collections.list(r.getMapNames()))
                .containsExactlyInAnyOrder(
                        "bool",
                        "byte",
                        "short",
                        "char",
                        "int",
                        "long",
                        "float",
                        "double",
                        "string",
                        "nullString",
                        "bytes",
                        "slice",
                        "obj");
    }

    @Test
    void missingNamesReadAsNull() throws Exception {
        SluiceMapMessage m = new SluiceMapMessage();
        assertThat(m.itemExists("x")).isFalse();
        assertThat(m.itemExists(null)).isFalse();
        assertThat(m.getString("x")).isNull();
        assertThat(m.getBytes("x")).isNull();
        assertThat(m.getObject("x")).isNull();
        assertThat(m.getBoolean("x")).isFalse();
        assertThatThrownBy(() -> m.getInt("x")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getDouble("x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.getChar("x")).isInstanceOf(NullPointerException.class);
        assertThat(m.getMapNames().hasMoreElements()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullOrEmptyNamesAreIllegal(String name) {
        SluiceMapMessage m = new SluiceMapMessage();
        assertThatThrownBy(() -> m.setBoolean(name, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setByte(name, (byte) 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setShort(name, (short) 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setChar(name, 'c')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setInt(name, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setLong(name, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setFloat(name, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setDouble(name, 1d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setString(name, "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setBytes(name, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setBytes(name, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setObject(name, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setObjectRejectsOtherTypes() throws Exception {
        SluiceMapMessage m = new SluiceMapMessage();
        assertThatThrownBy(() -> m.setObject("o", new Object())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setObject("o", new StringBuilder())).isInstanceOf(MessageFormatException.class);
        m.setObject("n", null);
        assertThat(m.itemExists("n")).isTrue();
        m.setObject("c", 'c');
        assertThat(m.getChar("c")).isEqualTo('c');
        assertThatThrownBy(() -> m.setBytes("b", new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void receivedMapIsReadOnlyUntilCleared() throws Exception {
        SluiceMapMessage m = new SluiceMapMessage();
        m.setInt("a", 1);
        SluiceMapMessage r = (SluiceMapMessage) CodecFixtures.roundTrip(m);
        assertThatThrownBy(() -> r.setInt("b", 2)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> r.setObject("b", 2)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> r.setBytes("b", new byte[1])).isInstanceOf(MessageNotWriteableException.class);
        assertThat(r.getInt("a")).isEqualTo(1);
        r.clearBody();
        assertThat(r.itemExists("a")).isFalse();
        r.setInt("b", 2);
        assertThat(r.getInt("b")).isEqualTo(2);
    }

    @Test
    void arraysAreCopiedInAndOut() throws Exception {
        SluiceMapMessage m = new SluiceMapMessage();
        byte[] data = {1};
        m.setBytes("b", data);
        m.setObject("o", data);
        data[0] = 5;
        m.getBytes("b")[0] = 6;
        ((byte[]) m.getObject("o"))[0] = 7;
        assertThat(m.getBytes("b")).containsExactly(1);
        assertThat((byte[]) m.getObject("o")).containsExactly(1);
    }
}
