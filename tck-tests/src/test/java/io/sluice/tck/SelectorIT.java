package io.sluice.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chapter 3.8: message selection. Each expression runs against the same eight messages (see {@link
 * #sendFixture}); the selector is extended with {@code OR tckEnd = TRUE} so that a last message
 * marks the end and no test waits for a message that must not come.
 */
@DisplayName("3.8 Message selection")
class SelectorIT extends TckTestBase {
    private static final int ALL = 8;

    /**
     * The messages, by index: color, size (int), weight (double), active (boolean), name, JMSType,
     * priority, delivery mode, extras.
     *
     * <pre>
     * 0  red    1   1.5   true   alpha     car    4 P
     * 1  blue   5   10.0  false  beta_1    bike   4 P
     * 2  green  10  2.0   -      a%b       car    4 P  JMSCorrelationID corr-1
     * 3  -      -   -     -      O'Brien   -      9 P
     * 4  red    20  -3.0  true   gamma     truck  4 N  big (long) 10000000000
     * 5  RED    7   7.0   false  alphabet  -      0 P  small (byte) 3
     * 6  blue   15  15.5  true   x_y       car    4 P  JMSXGroupID g1, numStr (String) "12"
     * 7  green  3   3.0   false  alpha     bike   6 P
     * </pre>
     */
    private static void sendFixture(Session s, MessageProducer p) throws Exception {
        Object[][] rows = {
            {"red", 1, 1.5, true, "alpha", "car", 4},
            {"blue", 5, 10.0, false, "beta_1", "bike", 4},
            {"green", 10, 2.0, null, "a%b", "car", 4},
            {null, null, null, null, "O'Brien", null, 9},
            {"red", 20, -3.0, true, "gamma", "truck", 4},
            {"RED", 7, 7.0, false, "alphabet", null, 0},
            {"blue", 15, 15.5, true, "x_y", "car", 4},
            {"green", 3, 3.0, false, "alpha", "bike", 6},
        };
        for (int i = 0; i < rows.length; i++) {
            Object[] r = rows[i];
            Message m = s.createTextMessage(String.valueOf(i));
            if (r[0] != null) {
                m.setStringProperty("color", (String) r[0]);
            }
            if (r[1] != null) {
                m.setIntProperty("size", (Integer) r[1]);
            }
            if (r[2] != null) {
                m.setDoubleProperty("weight", (Double) r[2]);
            }
            if (r[3] != null) {
                m.setBooleanProperty("active", (Boolean) r[3]);
            }
            m.setStringProperty("name", (String) r[4]);
            m.setJMSType((String) r[5]);
            if (i == 2) {
                m.setJMSCorrelationID("corr-1");
            }
            if (i == 4) {
                m.setLongProperty("big", 10_000_000_000L);
            }
            if (i == 5) {
                m.setByteProperty("small", (byte) 3);
            }
            if (i == 6) {
                m.setStringProperty("JMSXGroupID", "g1");
                m.setStringProperty("numStr", "12");
            }
            int mode = i == 4 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT;
            p.send(m, mode, (Integer) r[6], 0);
        }
        Message end = s.createTextMessage("end");
        end.setBooleanProperty("tckEnd", true);
        // Lowest priority, sent last: a provider that delivers higher priorities first still delivers it last.
        p.send(end, DeliveryMode.PERSISTENT, 0, 0);
    }

    static Stream<Arguments> selectors() {
        return Stream.of(
                Arguments.of("color = 'red'", List.of(0, 4)),
                Arguments.of("color <> 'red'", List.of(1, 2, 5, 6, 7)),
                Arguments.of("color = 'red' OR color = 'RED'", List.of(0, 4, 5)),
                Arguments.of("size > 5", List.of(2, 4, 5, 6)),
                Arguments.of("size >= 5 AND size <= 7", List.of(1, 5)),
                Arguments.of("size BETWEEN 5 AND 10", List.of(1, 2, 5)),
                Arguments.of("size NOT BETWEEN 5 AND 10", List.of(0, 4, 6, 7)),
                Arguments.of("color IN ('red', 'green')", List.of(0, 2, 4, 7)),
                Arguments.of("color NOT IN ('red', 'green')", List.of(1, 5, 6)),
                Arguments.of("name LIKE 'alpha%'", List.of(0, 5, 7)),
                Arguments.of("name LIKE 'a_pha'", List.of(0, 7)),
                Arguments.of("name NOT LIKE 'a%'", List.of(1, 3, 4, 6)),
                Arguments.of("name LIKE 'a\\%b' ESCAPE '\\'", List.of(2)),
                Arguments.of("name LIKE 'x!_%' ESCAPE '!'", List.of(6)),
                Arguments.of("name = 'O''Brien'", List.of(3)),
                Arguments.of("color IS NULL", List.of(3)),
                Arguments.of("color IS NOT NULL", List.of(0, 1, 2, 4, 5, 6, 7)),
                Arguments.of("active = TRUE", List.of(0, 4, 6)),
                Arguments.of("active", List.of(0, 4, 6)),
                Arguments.of("NOT active", List.of(1, 5, 7)),
                Arguments.of("active = TRUE AND size > 5 OR color = 'green'", List.of(2, 4, 6, 7)),
                Arguments.of("active = TRUE AND (size > 5 OR color = 'green')", List.of(4, 6)),
                Arguments.of("NOT (size > 5)", List.of(0, 1, 7)),
                Arguments.of("size > 5 OR color IS NULL", List.of(2, 3, 4, 5, 6)),
                Arguments.of("size * 2 + 1 = 11", List.of(1)),
                Arguments.of("-size < -10", List.of(4, 6)),
                Arguments.of("weight / 2 > 3.0", List.of(1, 5, 6)),
                Arguments.of("size = 10.0", List.of(2)),
                Arguments.of("weight > 7", List.of(1, 6)),
                Arguments.of("weight > 1.2E1", List.of(6)),
                Arguments.of("big = 10000000000", List.of(4)),
                Arguments.of("small = 3", List.of(5)),
                Arguments.of("color = 5", List.of()),
                Arguments.of("nosuch = 1", List.of()),
                Arguments.of("nosuch IS NULL", List.of(0, 1, 2, 3, 4, 5, 6, 7)),
                Arguments.of("COLOR = 'red'", List.of()),
                Arguments.of("name LIKE '%a'", List.of(0, 4, 7)),
                Arguments.of("weight BETWEEN -5 AND 2", List.of(0, 2, 4)),
                Arguments.of("size + 1 > 5", List.of(1, 2, 4, 5, 6)),
                Arguments.of("NOT (color = 'red')", List.of(1, 2, 5, 6, 7)),
                Arguments.of("JMSXGroupID = 'g1'", List.of(6)),
                Arguments.of("numStr = '12'", List.of(6)),
                Arguments.of("numStr > 1", List.of()),
                Arguments.of("size = 0x0A", List.of(2)),
                Arguments.of("weight = 7.", List.of(5)),
                Arguments.of("size / 2 = 2", List.of(1)),
                Arguments.of("-size * 2 = -10", List.of(1)),
                Arguments.of("active <> FALSE", List.of(0, 4, 6)),
                Arguments.of("active = 1", List.of()),
                Arguments.of("nosuch = 1 OR color = 'blue'", List.of(1, 6)),
                Arguments.of("NOT (nosuch = 1 AND color = 'blue')", List.of(0, 2, 4, 5, 7)),
                Arguments.of("color\t=\n'red'", List.of(0, 4)),
                Arguments.of("JMSCorrelationID IS NULL", List.of(0, 1, 3, 4, 5, 6, 7)),
                Arguments.of("JMSPriority BETWEEN 0 AND 4 AND JMSDeliveryMode = 'PERSISTENT'", List.of(0, 1, 2, 5, 6)),
                Arguments.of("JMSType = 'car'", List.of(0, 2, 6)),
                Arguments.of("JMSPriority > 5", List.of(3, 7)),
                Arguments.of("JMSDeliveryMode = 'NON_PERSISTENT'", List.of(4)),
                Arguments.of("JMSCorrelationID = 'corr-1'", List.of(2)),
                Arguments.of("JMSMessageID LIKE 'ID:%' AND JMSTimestamp > 0", List.of(0, 1, 2, 3, 4, 5, 6, 7)));
    }

    @ParameterizedTest(name = "3.8.1.1 {0}")
    @MethodSource("selectors")
    void selects(String selector, List<Integer> expected) throws Exception {
        Queue q = queue("selector");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer consumer = s.createConsumer(q, "(" + selector + ") OR tckEnd = TRUE");
        sendFixture(s, s.createProducer(q));
        List<Integer> matched = new ArrayList<>();
        while (true) {
            Message m = consumer.receive(RECEIVE_MS);
            assertThat(m).as("the end marker of selector %s", selector).isNotNull();
            if (m.propertyExists("tckEnd")) {
                break;
            }
            matched.add(Integer.valueOf(text(m)));
        }
        assertThat(matched).as(selector).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "3.8.1.1 invalid selector {0} throws InvalidSelectorException")
    @ValueSource(
            strings = {
                "color = 'red",
                "size >",
                "(size = 1",
                "size = 1)",
                "size = 1 AND",
                "color LIKE",
                "size BETWEEN 1",
                "LIKE = 1",
                "color IN ()"
            })
    void invalidSelectors(String selector) throws Exception {
        Session s = connection().createSession();
        Queue q = queue("invalid");
        assertThatThrownBy(() -> s.createConsumer(q, selector)).isInstanceOf(InvalidSelectorException.class);
    }

    @Test
    @DisplayName("3.8.1.1 a null or empty selector selects every message")
    void emptySelector() throws Exception {
        Queue q = queue("empty-selector");
        sendTexts(q, "a", "b");
        Session s = startedConnection().createSession();
        MessageConsumer empty = s.createConsumer(q, "");
        assertThat(empty.getMessageSelector()).isNullOrEmpty();
        assertThat(texts(receive(empty, 2))).containsExactly("a", "b");
        empty.close();
        MessageConsumer none = s.createConsumer(q, null);
        sendTexts(q, "c");
        assertThat(text(none.receive(RECEIVE_MS))).isEqualTo("c");
    }

    @Test
    @DisplayName("3.8.1 on a queue, messages a selector does not match stay for other consumers")
    void queueKeepsUnmatchedMessages() throws Exception {
        Queue q = queue("keeps");
        Connection c = startedConnection();
        Session s = c.createSession();
        sendFixture(s, s.createProducer(q));
        MessageConsumer red = s.createConsumer(q, "color = 'red' OR tckEnd = TRUE");
        assertThat(texts(receive(red, 3))).containsExactlyInAnyOrder("0", "4", "end");
        red.close();
        MessageConsumer rest = s.createConsumer(q);
        List<String> remaining = texts(receive(rest, ALL - 2));
        assertThat(remaining).containsExactlyInAnyOrder("1", "2", "3", "5", "6", "7");
    }

    @Test
    @DisplayName("3.8.1 on a topic, each subscriber gets what its own selector matches")
    void topicSubscribersSelectIndependently() throws Exception {
        Topic t = topic("selectors");
        Connection c = startedConnection();
        Session s = c.createSession();
        MessageConsumer cars = s.createConsumer(t, "JMSType = 'car' OR tckEnd = TRUE");
        MessageConsumer big = s.createConsumer(t, "size > 10 OR tckEnd = TRUE");
        sendFixture(s, s.createProducer(t));
        assertThat(texts(receive(cars, 4))).containsExactly("0", "2", "6", "end");
        assertThat(texts(receive(big, 3))).containsExactlyInAnyOrder("4", "6", "end");
    }

    @Test
    @DisplayName("3.8.1 getMessageSelector returns the selector")
    void selectorIsReported() throws Exception {
        Session s = connection().createSession();
        String sel = "size BETWEEN 1 AND 9";
        assertThat(s.createConsumer(queue("reported"), sel).getMessageSelector())
                .isEqualTo(sel);
    }
}
