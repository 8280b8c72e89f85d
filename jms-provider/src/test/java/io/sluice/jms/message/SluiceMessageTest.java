package io.sluice.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.jms.destination.SluiceQueue;
import io.sluice.jms.destination.SluiceTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceMessageTest {

    @Test
    void newMessageHasSpecDefaults() {
        SluiceMessage m = new SluiceMessage();
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m.getJMSPriority()).isEqualTo(Message.DEFAULT_PRIORITY);
        assertThat(m.getJMSMessageID()).isNull();
        assertThat(m.getJMSCorrelationID()).isNull();
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(m.getJMSDeliveryTime()).isZero();
        assertThat(m.getJMSRedelivered()).isFalse();
        assertThat(m.getJMSReplyTo()).isNull();
        assertThat(m.getJMSDestination()).isNull();
        assertThat(m.isBodyReadOnly()).isFalse();
        assertThat(m.isPropertiesReadOnly()).isFalse();
    }

    @Test
    void everyHeaderIsSetAndRead() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.setJMSMessageID("ID:x:1");
        m.setJMSTimestamp(11);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(new SluiceQueue("replies"));
        m.setJMSDestination(new SluiceTopic("t"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("Order");
        m.setJMSExpiration(22);
        m.setJMSDeliveryTime(33);
        m.setJMSPriority(9);

        assertThat(m.getJMSMessageID()).isEqualTo("ID:x:1");
        assertThat(m.getJMSTimestamp()).isEqualTo(11);
        assertThat(m.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(m.getJMSReplyTo()).isEqualTo(new SluiceQueue("replies"));
        assertThat(m.getJMSDestination()).isEqualTo(new SluiceTopic("t"));
        assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(m.getJMSRedelivered()).isTrue();
        assertThat(m.getJMSType()).isEqualTo("Order");
        assertThat(m.getJMSExpiration()).isEqualTo(22);
        assertThat(m.getJMSDeliveryTime()).isEqualTo(33);
        assertThat(m.getJMSPriority()).isEqualTo(9);
    }

    @Test
    void invalidPriorityAndDeliveryModeAreRejected() throws Exception {
        SluiceMessage m = new SluiceMessage();
        assertThatThrownBy(() -> m.setJMSPriority(10))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("10");
        assertThatThrownBy(() -> m.setJMSPriority(-1)).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> m.setJMSDeliveryMode(0))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("0");
        m.setJMSPriority(0);
        assertThat(m.getJMSPriority()).isZero();
    }

    @Test
    void correlationIdHasAStringAndAByteView() {
        SluiceMessage m = new SluiceMessage();
        m.setJMSCorrelationID("ü-1");
        assertThat(m.getJMSCorrelationIDAsBytes()).isEqualTo("ü-1".getBytes(StandardCharsets.UTF_8));
        assertThat(m.isCorrelationIdBytes()).isFalse();

        byte[] raw = {1, 2, 3};
        m.setJMSCorrelationIDAsBytes(raw);
        raw[0] = 9;
        assertThat(m.getJMSCorrelationIDAsBytes()).as("a copy is kept").containsExactly(1, 2, 3);
        m.getJMSCorrelationIDAsBytes()[1] = 9;
        assertThat(m.getJMSCorrelationIDAsBytes()).as("a copy is returned").containsExactly(1, 2, 3);
        assertThat(m.getJMSCorrelationID()).isEqualTo(new String(new byte[] {1, 2, 3}, StandardCharsets.UTF_8));
        assertThat(m.isCorrelationIdBytes()).isTrue();

        m.setJMSCorrelationIDAsBytes(null);
        assertThat(m.getJMSCorrelationID()).isNull();
    }

    @Test
    void headersOfAReceivedMessageStayWritable() throws Exception {
        SluiceMessage received = CodecFixtures.roundTrip(new SluiceTextMessage("x"));
        received.setJMSType("changed");
        received.setJMSCorrelationID("c2");
        received.setJMSPriority(1);
        assertThat(received.getJMSType()).isEqualTo("changed");
        assertThat(received.getJMSPriority()).isEqualTo(1);
    }

    @Test
    void acknowledgeGoesToTheAcknowledger() throws Exception {
        SluiceMessage m = new SluiceMessage();
        m.acknowledge(); // nothing set: a message that was not received ignores acknowledge
        List<SluiceMessage> acked = new ArrayList<>();
        m.setAcknowledger(acked::add);
        m.acknowledge();
        assertThat(acked).containsExactly(m);
        m.setAcknowledger(msg -> {
            throw new jakarta.jms.IllegalStateException("session closed");
        });
        assertThatThrownBy(m::acknowledge).isInstanceOf(jakarta.jms.IllegalStateException.class);
    }

    // ---- getBody and isBodyAssignableTo, per message type

    private static SluiceMessage[] withBodies() throws JMSException {
        SluiceBytesMessage bytes = new SluiceBytesMessage();
        bytes.writeInt(42);
        SluiceMapMessage map = new SluiceMapMessage();
        map.setInt("a", 1);
        return new SluiceMessage[] {
            new SluiceTextMessage("text"), bytes, map, new SluiceObjectMessage(new StringBuilder("sb"))
        };
    }

    @Test
    void getBodyReturnsTheBodyAsAnAssignableType() throws Exception {
        SluiceMessage[] m = withBodies();
        assertThat(m[0].getBody(String.class)).isEqualTo("text");
        assertThat(m[0].getBody(CharSequence.class)).isEqualTo("text");
        assertThat(m[0].getBody(Object.class)).isEqualTo("text");
        assertThat(m[1].getBody(byte[].class)).containsExactly(0, 0, 0, 42);
        assertThat(m[1].getBody(Object.class)).isInstanceOf(byte[].class);
        assertThat(m[2].getBody(Map.class)).isEqualTo(Map.of("a", 1));
        assertThat(m[2].getBody(Object.class)).isInstanceOf(Map.class);
        assertThat(m[3].getBody(StringBuilder.class)).hasToString("sb");
        assertThat(m[3].getBody(Serializable.class)).hasToString("sb");
        assertThat(m[3].getBody(CharSequence.class)).hasToString("sb");
    }

    @Test
    void getBodyOfAnUnassignableTypeIsAFormatError() throws Exception {
        SluiceMessage[] m = withBodies();
        Class<?>[][] wrong = {
            {Boolean.class, byte[].class, Map.class},
            {String.class, Map.class, Byte[].class},
            {String.class, java.util.HashMap.class, byte[].class},
            {String.class, java.util.HashMap.class, StringBuffer.class}
        };
        for (int i = 0; i < m.length; i++) {
            for (Class<?> c : wrong[i]) {
                SluiceMessage message = m[i];
                assertThatThrownBy(() -> message.getBody(c))
                        .as(message.getClass().getSimpleName() + " as " + c.getSimpleName())
                        .isInstanceOf(MessageFormatException.class);
                assertThat(message.isBodyAssignableTo(c)).isFalse();
            }
        }
        assertThat(m[0].isBodyAssignableTo(String.class)).isTrue();
        assertThat(m[1].isBodyAssignableTo(byte[].class)).isTrue();
        assertThat(m[2].isBodyAssignableTo(Map.class)).isTrue();
        assertThat(m[3].isBodyAssignableTo(StringBuilder.class)).isTrue();
    }

    @Test
    void aMessageWithoutBodyIsAssignableToAnythingAndReturnsNull() throws Exception {
        SluiceMessage[] empty = {
            new SluiceMessage(),
            new SluiceTextMessage(),
            new SluiceBytesMessage(),
            new SluiceMapMessage(),
            new SluiceObjectMessage()
        };
        for (SluiceMessage m : empty) {
            assertThat(m.getBody(Boolean.class))
                    .as(m.getClass().getSimpleName())
                    .isNull();
            assertThat(m.isBodyAssignableTo(Boolean.class)).isTrue();
            assertThat(m.isBodyAssignableTo(String.class)).isTrue();
        }
    }

    @Test
    void streamMessageBodyIsNeverReturned() throws Exception {
        SluiceStreamMessage empty = new SluiceStreamMessage();
        SluiceStreamMessage full = new SluiceStreamMessage();
        full.writeInt(1);
        for (SluiceStreamMessage m : List.of(empty, full)) {
            assertThatThrownBy(() -> m.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
            assertThat(m.isBodyAssignableTo(Object.class)).isFalse();
        }
    }

    @Test
    void getBodyNeedsAClass() {
        assertThatThrownBy(() -> new SluiceTextMessage("x").getBody(null)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> new SluiceMessage().isBodyAssignableTo(null))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void getBodyReturnsCopies() throws Exception {
        SluiceBytesMessage bytes = new SluiceBytesMessage();
        bytes.writeBytes(new byte[] {1, 2});
        bytes.getBody(byte[].class)[0] = 9;
        assertThat(bytes.getBody(byte[].class)).containsExactly(1, 2);

        SluiceMapMessage map = new SluiceMapMessage();
        map.setBytes("b", new byte[] {1});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = map.getBody(Map.class);
        ((byte[]) body.get("b"))[0] = 9;
        body.put("new", 1);
        assertThat(map.getBytes("b")).containsExactly(1);
        assertThat(map.itemExists("new")).isFalse();
    }

    @Test
    void clearBodyMakesAReceivedBodyWritableAndEmpty() throws Exception {
        SluiceTextMessage received = (SluiceTextMessage) CodecFixtures.roundTrip(new SluiceTextMessage("x"));
        assertThatThrownBy(() -> received.setText("y")).isInstanceOf(jakarta.jms.MessageNotWriteableException.class);
        received.clearBody();
        assertThat(received.getText()).isNull();
        received.setText("y");
        assertThat(received.getText()).isEqualTo("y");
        assertThat(received.isPropertiesReadOnly())
                .as("clearBody leaves properties read-only")
                .isTrue();
    }
}
