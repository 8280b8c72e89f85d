package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessagePropertiesTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "1abc",
                "a-b",
                "a b",
                "a.b",
                "é-x",
                "NULL",
                "null",
                "True",
                "FALSE",
                "not",
                "AND",
                "or",
                "Between",
                "LIKE",
                "in",
                "IS",
                "escape",
                "JMSMessageID",
                "JMSType",
                "JMSCorrelationID",
                "JMSPriority",
                "JMSTimestamp",
                "JMSDeliveryMode",
                "JMSDestination",
                "JMSReplyTo",
                "JMSExpiration",
                "JMSRedelivered",
                "JMSDeliveryTime"
            })
    void invalidNamesAreRejectedBySetters(String name) {
        SluiceMessage m = new SluiceMessage();
        assertThatThrownBy(() -> m.setStringProperty(name, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setIntProperty(name, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setBooleanProperty(name, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setByteProperty(name, (byte) 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setShortProperty(name, (short) 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setLongProperty(name, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setFloatProperty(name, 1f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setDoubleProperty(name, 1d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setObjectProperty(name, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.getPropertyNames().hasMoreElements()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "_x",
                "$y",
                "order_id",
                "größe",
                "JMSX_custom",
                "JMS_sluice_flag",
                "JMSCONTEXT",
                "Nullable",
                "ANDROID"
            })
    void validNamesAreAccepted(String name) throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setStringProperty(name, "v");
        assertThat(m.getStringProperty(name)).isEqualTo("v");
        assertThat(m.propertyExists(name)).isTrue();
    }

    @Test
    void setObjectPropertyTakesOnlyWrappersAndStrings() throws Exception {
        SluiceMessage m = new SluiceMessage();
        for (Object bad : List.of(new Object(), new byte[] {1}, 'c', new StringBuilder("x"), List.of())) {
            assertThatThrownBy(() -> m.setObjectProperty("p", bad))
                    .as(bad.getClass().getName())
                    .isInstanceOf(MessageFormatException.class);
        }
        for (Object good : List.of(true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "s")) {
            m.setObjectProperty("p", good);
            assertThat(m.getObjectProperty("p")).isEqualTo(good).isExactlyInstanceOf(good.getClass());
        }
    }

    @Test
    void missingPropertiesReadAsNull() throws Exception {
        SluiceMessage m = new SluiceMessage();
        assertThat(m.getBooleanProperty("none")).isFalse();
        assertThatThrownBy(() -> m.getByteProperty("none")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getShortProperty("none")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getIntProperty("none")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getLongProperty("none")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getFloatProperty("none")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.getDoubleProperty("none")).isInstanceOf(NullPointerException.class);
        assertThat(m.getStringProperty("none")).isNull();
        assertThat(m.getObjectProperty("none")).isNull();
        assertThat(m.propertyExists("none")).isFalse();
        assertThat(m.getObjectProperty(null)).isNull();
        assertThat(m.propertyExists(null)).isFalse();
    }

    @Test
    void aNullValueRemovesTheProperty() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setStringProperty("s", "x");
        m.setStringProperty("s", null);
        assertThat(m.propertyExists("s")).isFalse();
        m.setIntProperty("o", 1);
        m.setObjectProperty("o", null);
        assertThat(m.propertyExists("o")).isFalse();
        assertThat(m.getStringProperty("o")).isNull();
    }

    @Test
    void propertyNamesEnumerateEveryPropertyButNoHeader() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setJMSType("t");
        m.setJMSCorrelationID("c");
        m.setIntProperty("a", 1);
        m.setStringProperty("b", "2");
        m.setStringProperty(Jmsx.GROUP_ID, "g");
        Enumeration<String> names = m.getPropertyNames();
        m.setIntProperty("added_while_enumerating", 3);
        assertThat(Collections.list(names)).containsExactlyInAnyOrder("a", "b", Jmsx.GROUP_ID);
    }

    @Test
    void clearPropertiesEmptiesAndMakesWritable() throws Exception {
        SluiceTextMessage m = new SluiceTextMessage("body");
        m.setIntProperty("a", 1);
        SluiceMessage received = CodecFixtures.roundTrip(m);
        assertThat(received.propertyExists(Jmsx.DELIVERY_COUNT)).isTrue();
        assertThatThrownBy(() -> received.setIntProperty("b", 2))
                .isInstanceOf(MessageNotWriteableException.class)
                .hasMessageContaining("clearProperties");
        assertThatThrownBy(() -> received.setObjectProperty("a", 3)).isInstanceOf(MessageNotWriteableException.class);

        received.clearProperties();

        assertThat(received.getPropertyNames().hasMoreElements()).isFalse();
        assertThat(received.propertyExists("a")).isFalse();
        assertThatThrownBy(() -> received.getShortProperty("a")).isInstanceOf(NumberFormatException.class);
        received.setIntProperty("b", 2);
        assertThat(received.getIntProperty("b")).isEqualTo(2);
        assertThat(((SluiceTextMessage) received).getText())
                .as("clearing properties keeps the body")
                .isEqualTo("body");
        assertThat(received.isBodyReadOnly()).isTrue();
    }

    @Test
    void groupIdMustBeAString() throws Exception {
        SluiceMessage m = new SluiceMessage();
        assertThatThrownBy(() -> m.setIntProperty(Jmsx.GROUP_ID, 5))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(Jmsx.GROUP_ID);
        m.setStringProperty(Jmsx.GROUP_ID, "g-1");
        assertThat(m.getStringProperty(Jmsx.GROUP_ID)).isEqualTo("g-1");
    }

    @Test
    void groupSeqAndDeliveryCountAreInts() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setShortProperty(Jmsx.GROUP_SEQ, (short) 3);
        assertThat(m.getObjectProperty(Jmsx.GROUP_SEQ)).isEqualTo(3);
        m.setStringProperty(Jmsx.GROUP_SEQ, "7");
        assertThat(m.getObjectProperty(Jmsx.GROUP_SEQ)).isEqualTo(7);
        assertThatThrownBy(() -> m.setLongProperty(Jmsx.GROUP_SEQ, 1L)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setStringProperty(Jmsx.GROUP_SEQ, "seven"))
                .isInstanceOf(MessageFormatException.class)
                .hasCauseInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.setBooleanProperty(Jmsx.DELIVERY_COUNT, true))
                .isInstanceOf(MessageFormatException.class);
        assertThatCode(() -> m.setIntProperty(Jmsx.DELIVERY_COUNT, 9)).doesNotThrowAnyException();
    }

    @Test
    void supportedJmsxNamesAreListed() {
        assertThat(Collections.list(Jmsx.propertyNames()))
                .containsExactly("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
    }

    @Test
    void producerPropertiesUseTheSameRules() throws Exception {
        MessageProperties p = new MessageProperties();
        p.set("x", 1);
        assertThat(p.getLong("x")).isEqualTo(1L);
        assertThatThrownBy(() -> p.getBoolean("x")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> p.set("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.set("y", new Object())).isInstanceOf(MessageFormatException.class);
        assertThat(p.nameSet()).containsExactly("x");
        p.clear();
        assertThat(p.isEmpty()).isTrue();
    }
}
