package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chapter 3.5: message properties, their conversions and the JMSX properties. */
@DisplayName("3.5 Message properties")
class MessagePropertiesIT extends TckTestBase {
    private Session session;

    @BeforeEach
    void open() throws Exception {
        session = startedConnection().createSession();
    }

    private Message roundTrip(Message m) throws Exception {
        Queue q = queue("props");
        session.createProducer(q).send(m);
        Message received = session.createConsumer(q).receive(RECEIVE_MS);
        assertThat(received).isNotNull();
        return received;
    }

    @Test
    @DisplayName("3.5.2 properties of every type arrive with their type and value")
    void everyTypeRoundTrips() throws Exception {
        Message m = session.createMessage();
        m.setBooleanProperty("b", true);
        m.setByteProperty("y", (byte) -7);
        m.setShortProperty("s", (short) 1234);
        m.setIntProperty("i", Integer.MIN_VALUE);
        m.setLongProperty("l", Long.MAX_VALUE);
        m.setFloatProperty("f", 1.5f);
        m.setDoubleProperty("d", -2.25d);
        m.setStringProperty("t", "text \u00e9\u4e2d");
        m.setObjectProperty("o", 42);
        Message r = roundTrip(m);
        assertThat(r.getObjectProperty("b")).isEqualTo(true);
        assertThat(r.getObjectProperty("y")).isEqualTo((byte) -7);
        assertThat(r.getObjectProperty("s")).isEqualTo((short) 1234);
        assertThat(r.getObjectProperty("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(r.getObjectProperty("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(r.getObjectProperty("f")).isEqualTo(1.5f);
        assertThat(r.getObjectProperty("d")).isEqualTo(-2.25d);
        assertThat(r.getObjectProperty("t")).isEqualTo("text \u00e9\u4e2d");
        assertThat(r.getObjectProperty("o")).isEqualTo(42);
    }

    /** A property value of one type and what each getter must return or throw for it. */
    static Stream<Arguments> conversions() {
        Class<?> mfe = MessageFormatException.class;
        return Stream.of(
                Arguments.of("boolean", true, List.of(true, mfe, mfe, mfe, mfe, mfe, mfe, "true")),
                Arguments.of("byte", (byte) 5, List.of(mfe, (byte) 5, (short) 5, 5, 5L, mfe, mfe, "5")),
                Arguments.of("short", (short) 6, List.of(mfe, mfe, (short) 6, 6, 6L, mfe, mfe, "6")),
                Arguments.of("int", 7, List.of(mfe, mfe, mfe, 7, 7L, mfe, mfe, "7")),
                Arguments.of("long", 8L, List.of(mfe, mfe, mfe, mfe, 8L, mfe, mfe, "8")),
                Arguments.of("float", 1.5f, List.of(mfe, mfe, mfe, mfe, mfe, 1.5f, 1.5d, "1.5")),
                Arguments.of("double", 2.5d, List.of(mfe, mfe, mfe, mfe, mfe, mfe, 2.5d, "2.5")),
                Arguments.of("String \"9\"", "9", List.of(false, (byte) 9, (short) 9, 9, 9L, 9f, 9d, "9")),
                Arguments.of(
                        "String \"true\"",
                        "true",
                        List.of(
                                true,
                                NumberFormatException.class,
                                NumberFormatException.class,
                                NumberFormatException.class,
                                NumberFormatException.class,
                                NumberFormatException.class,
                                NumberFormatException.class,
                                "true")));
    }

    @ParameterizedTest(name = "3.5.4 a {0} property converts as the table says")
    @MethodSource("conversions")
    void conversionTable(String label, Object value, List<Object> expected) throws Exception {
        Message sent = session.createMessage();
        sent.setObjectProperty("p", value);
        Message received = roundTrip(sent);
        for (Message m : List.of(sent, received)) {
            List<Getter> getters = List.of(
                    x -> x.getBooleanProperty("p"),
                    x -> x.getByteProperty("p"),
                    x -> x.getShortProperty("p"),
                    x -> x.getIntProperty("p"),
                    x -> x.getLongProperty("p"),
                    x -> x.getFloatProperty("p"),
                    x -> x.getDoubleProperty("p"),
                    x -> x.getStringProperty("p"));
            for (int i = 0; i < getters.size(); i++) {
                Getter g = getters.get(i);
                Object want = expected.get(i);
                if (want instanceof Class<?> exception) {
                    assertThatThrownBy(() -> g.get(m))
                            .as("getter %d of %s", i, label)
                            .isInstanceOf(exception);
                } else {
                    assertThat(g.get(m)).as("getter %d of %s", i, label).isEqualTo(want);
                }
            }
        }
    }

    /** A property getter. */
    interface Getter {
        Object get(Message m) throws Exception;
    }

    @Test
    @DisplayName("3.5.1 a null or empty property name is refused with IllegalArgumentException")
    void badNames() throws Exception {
        Message m = session.createMessage();
        assertThatThrownBy(() -> m.setStringProperty(null, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setIntProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("3.5.5 setObjectProperty accepts only the primitive wrappers and String")
    void objectPropertyTypes() throws Exception {
        Message m = session.createMessage();
        assertThatThrownBy(() -> m.setObjectProperty("p", new java.util.Date()))
                .isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setObjectProperty("p", new byte[] {1})).isInstanceOf(MessageFormatException.class);
        m.setObjectProperty("ok", 3.0f);
        assertThat(m.getObjectProperty("ok")).isEqualTo(3.0f);
    }

    @Test
    @DisplayName("3.5.6 getPropertyNames lists the properties and not the headers")
    void propertyNames() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("alpha", "a");
        m.setIntProperty("beta", 2);
        m.setJMSType("type");
        Message r = roundTrip(m);
        List<String> names = Collections.list((java.util.Enumeration<?>) r.getPropertyNames()).stream()
                .map(String::valueOf)
                .toList();
        assertThat(names).contains("alpha", "beta").noneMatch(n -> n.startsWith("JMS") && !n.startsWith("JMSX"));
    }

    @Test
    @DisplayName("3.5.7 clearProperties empties the properties of a received message and makes them writable")
    void clearProperties() throws Exception {
        Message m = session.createTextMessage("keep the body");
        m.setStringProperty("p", "v");
        Message r = roundTrip(m);
        assertThatThrownBy(() -> r.setStringProperty("q", "w")).isInstanceOf(MessageNotWriteableException.class);
        r.clearProperties();
        assertThat(r.propertyExists("p")).isFalse();
        r.setStringProperty("q", "w");
        assertThat(r.getStringProperty("q")).isEqualTo("w");
        assertThat(text(r)).isEqualTo("keep the body");
    }

    @Test
    @DisplayName("3.5.8 a missing property reads as null (String, Object), false, or a NumberFormatException")
    void missingProperty() throws Exception {
        Message r = roundTrip(session.createMessage());
        assertThat(r.propertyExists("nope")).isFalse();
        assertThat(r.getStringProperty("nope")).isNull();
        assertThat(r.getObjectProperty("nope")).isNull();
        assertThat(r.getBooleanProperty("nope")).isFalse();
        assertThatThrownBy(() -> r.getIntProperty("nope")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> r.getLongProperty("nope")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> r.getByteProperty("nope")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> r.getShortProperty("nope")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    @DisplayName("3.5.9 JMSXGroupID and JMSXGroupSeq set by the application travel with the message")
    void groupProperties() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("JMSXGroupID", "group-1");
        m.setIntProperty("JMSXGroupSeq", 3);
        Message r = roundTrip(m);
        assertThat(r.getStringProperty("JMSXGroupID")).isEqualTo("group-1");
        assertThat(r.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
    }

    @Test
    @DisplayName("3.5.11 JMSXDeliveryCount is 1 on first delivery and 2 on the redelivery")
    void deliveryCount() throws Exception {
        Queue q = queue("delivery-count");
        sendTexts(q, "counted");
        Session client = startedConnection().createSession(Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = client.createConsumer(q);
        Message first = c.receive(RECEIVE_MS);
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        client.recover();
        Message second = c.receive(RECEIVE_MS);
        assertThat(second.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(second.getJMSRedelivered()).isTrue();
        second.acknowledge();
    }

    @Test
    @DisplayName("3.5.3 properties can be set on a message before send in any order and overwritten")
    void overwrite() throws Exception {
        Message m = session.createMessage();
        m.setIntProperty("p", 1);
        m.setStringProperty("p", "two");
        assertThat(roundTrip(m).getObjectProperty("p")).isEqualTo("two");
    }
}
