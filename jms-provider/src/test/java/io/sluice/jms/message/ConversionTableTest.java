package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the property conversion table (spec table 3-2) and of the StreamMessage/MapMessage
 * table (3-7), read through the public API. The tables below are copied from the specification; a
 * marked cell must convert, an unmarked one must throw MessageFormatException. Every source value
 * stands for 42 (or true), so a supported conversion must yield 42 in the target type.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConversionTableTest {

    enum Target {
        BOOLEAN,
        BYTE,
        SHORT,
        CHAR,
        INT,
        LONG,
        FLOAT,
        DOUBLE,
        STRING,
        BYTES
    }

    /** Written type, sample value, and the row of table 3-7 (columns in {@link Target} order). */
    private static final Object[][] TABLE = {
        {"boolean", true, "X . . . . . . . X ."},
        {"byte", (byte) 42, ". X X . X X . . X ."},
        {"short", (short) 42, ". . X . X X . . X ."},
        {"char", 'x', ". . . X . . . . X ."},
        {"int", 42, ". . . . X X . . X ."},
        {"long", 42L, ". . . . . X . . X ."},
        {"float", 42f, ". . . . . . X X X ."},
        {"double", 42d, ". . . . . . . X X ."},
        {"String", "42", "X X X . X X X X X ."},
        {"byte[]", new byte[] {4, 2}, ". . . . . . . . . X"},
    };

    enum Container {
        PROPERTY,
        MAP,
        STREAM;

        boolean supports(Object value) {
            return this != PROPERTY || !(value instanceof Character || value instanceof byte[]);
        }

        boolean supports(Target t) {
            return this != PROPERTY || (t != Target.CHAR && t != Target.BYTES);
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Container c : Container.values()) {
            for (Object[] row : TABLE) {
                String[] marks = ((String) row[2]).split(" ");
                for (Target t : Target.values()) {
                    if (c.supports(row[1]) && c.supports(t)) {
                        cells.add(Arguments.of(c, row[0], row[1], t, marks[t.ordinal()].equals("X")));
                    }
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}: {1} as {3} supported={4}")
    @MethodSource("cells")
    void everyCellOfTheTable(Container container, String type, Object value, Target target, boolean supported)
            throws Exception {
        if (supported) {
            Object read = read(container, value, target);
            assertThat(normalise(read)).as(type + " read as " + target).isEqualTo(expected(value, target));
        } else {
            assertThatThrownBy(() -> read(container, value, target))
                    .as(type + " read as " + target)
                    .isInstanceOf(MessageFormatException.class);
        }
    }

    private static Object expected(Object value, Target target) {
        return switch (target) {
            case BOOLEAN -> value instanceof Boolean ? value : Boolean.FALSE; // Boolean.valueOf("42")
            case CHAR -> value;
            case STRING -> value.toString();
            case BYTES -> List.of((byte) 4, (byte) 2);
            case FLOAT, DOUBLE -> 42.0d;
            default -> 42L;
        };
    }

    /** Numbers as long or double, byte[] as a list, so the expectation can be written once. */
    private static Object normalise(Object read) {
        if (read instanceof Byte || read instanceof Short || read instanceof Integer || read instanceof Long) {
            return ((Number) read).longValue();
        }
        if (read instanceof Float || read instanceof Double) {
            return ((Number) read).doubleValue();
        }
        if (read instanceof byte[] bytes) {
            List<Byte> list = new ArrayList<>();
            for (byte b : bytes) {
                list.add(b);
            }
            return list;
        }
        return read;
    }

    // ---- rows the table leaves implicit: unparsable strings and null values

    static Stream<Arguments> stringsAndNulls() {
        List<Arguments> cases = new ArrayList<>();
        for (Container c : Container.values()) {
            for (Target t : Target.values()) {
                if (!c.supports(t)) {
                    continue;
                }
                Object notANumber =
                        switch (t) {
                            case BOOLEAN -> Boolean.FALSE;
                            case STRING -> "forty-two";
                            case CHAR, BYTES -> MessageFormatException.class;
                            default -> NumberFormatException.class;
                        };
                cases.add(Arguments.of(c, "forty-two", t, notANumber));
                Object ofNull =
                        switch (t) {
                            case BOOLEAN -> Boolean.FALSE;
                            case STRING, BYTES -> null;
                            case FLOAT, DOUBLE, CHAR -> NullPointerException.class;
                            default -> NumberFormatException.class;
                        };
                cases.add(Arguments.of(c, null, t, ofNull));
            }
            cases.add(Arguments.of(c, "TRUE", Target.BOOLEAN, Boolean.TRUE));
            cases.add(Arguments.of(c, "1e3", Target.DOUBLE, 1000.0d));
            cases.add(Arguments.of(c, "200", Target.BYTE, NumberFormatException.class));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} as {2} -> {3}")
    @MethodSource("stringsAndNulls")
    void unparsableStringsAndNullsFollowValueOf(Container container, Object value, Target target, Object expected)
            throws Exception {
        if (expected instanceof Class<?> exception) {
            assertThatThrownBy(() -> read(container, value, target)).isInstanceOf(exception);
        } else {
            assertThat(read(container, value, target)).isEqualTo(expected);
        }
    }

    // ---- reading one value through each container

    private static Object read(Container container, Object value, Target target) throws JMSException {
        return switch (container) {
            case PROPERTY -> readProperty(value, target);
            case MAP -> readMap(value, target);
            case STREAM -> readStream(value, target);
        };
    }

    /** Sets the value, sends it through the codec, and reads it from the received message. */
    private static Object readProperty(Object value, Target target) throws JMSException {
        SluiceMessage m = new SluiceMessage();
        m.setObjectProperty("p", value);
        SluiceMessage received = CodecFixtures.roundTrip(m);
        return switch (target) {
            case BOOLEAN -> received.getBooleanProperty("p");
            case BYTE -> received.getByteProperty("p");
            case SHORT -> received.getShortProperty("p");
            case INT -> received.getIntProperty("p");
            case LONG -> received.getLongProperty("p");
            case FLOAT -> received.getFloatProperty("p");
            case DOUBLE -> received.getDoubleProperty("p");
            case STRING -> received.getStringProperty("p");
            default -> throw new AssertionError(target);
        };
    }

    private static Object readMap(Object value, Target target) throws JMSException {
        SluiceMapMessage m = new SluiceMapMessage();
        m.setObject("v", value);
        SluiceMapMessage received = (SluiceMapMessage) CodecFixtures.roundTrip(m);
        return switch (target) {
            case BOOLEAN -> received.getBoolean("v");
            case BYTE -> received.getByte("v");
            case SHORT -> received.getShort("v");
            case CHAR -> received.getChar("v");
            case INT -> received.getInt("v");
            case LONG -> received.getLong("v");
            case FLOAT -> received.getFloat("v");
            case DOUBLE -> received.getDouble("v");
            case STRING -> received.getString("v");
            case BYTES -> received.getBytes("v");
        };
    }

    /**
     * Reads the one value of a received StreamMessage; whatever happens, the value must still be
     * there afterwards when the read failed (the position does not move).
     */
    private static Object readStream(Object value, Target target) throws JMSException {
        SluiceStreamMessage m = new SluiceStreamMessage();
        m.writeObject(value);
        SluiceStreamMessage received = (SluiceStreamMessage) CodecFixtures.roundTrip(m);
        try {
            return switch (target) {
                case BOOLEAN -> received.readBoolean();
                case BYTE -> received.readByte();
                case SHORT -> received.readShort();
                case CHAR -> received.readChar();
                case INT -> received.readInt();
                case LONG -> received.readLong();
                case FLOAT -> received.readFloat();
                case DOUBLE -> received.readDouble();
                case STRING -> received.readString();
                case BYTES -> {
                    byte[] buf = new byte[16];
                    int n = received.readBytes(buf);
                    yield n < 0 ? null : Arrays.copyOf(buf, n);
                }
            };
        } catch (JMSException | RuntimeException e) {
            Object again = received.readObject();
            assertThat(normalise(again))
                    .as("the value is still readable after a failed read")
                    .isEqualTo(normalise(value));
            throw e;
        }
    }
}
