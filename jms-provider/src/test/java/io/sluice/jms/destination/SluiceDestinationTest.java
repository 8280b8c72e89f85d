package io.sluice.jms.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.protocol.message.DestinationKind;
import io.sluice.protocol.message.DestinationRef;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.Topic;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SluiceDestinationTest {

    @Test
    void namesAndStrings() {
        assertThat(new SluiceQueue("orders").getQueueName()).isEqualTo("orders");
        assertThat(new SluiceTopic("prices").getTopicName()).isEqualTo("prices");
        assertThat(new SluiceQueue("orders")).hasToString("queue://orders");
        assertThat(new SluiceTopic("prices")).hasToString("topic://prices");
        assertThat(new SluiceTemporaryQueue("tq", null)).hasToString("temp-queue://tq");
        assertThat(new SluiceTemporaryTopic("tt", null)).hasToString("temp-topic://tt");
        assertThat(new SluiceTemporaryQueue("tq", null).getQueueName()).isEqualTo("tq");
        assertThat(new SluiceTemporaryTopic("tt", null).getTopicName()).isEqualTo("tt");
    }

    @Test
    void equalityIsKindAndName() {
        assertThat(new SluiceQueue("a")).isEqualTo(new SluiceQueue("a")).hasSameHashCodeAs(new SluiceQueue("a"));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceTopic("a"));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceTemporaryQueue("a", null));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceQueue("b"));
        assertThat(new SluiceTemporaryTopic("t", d -> {})).isEqualTo(new SluiceTemporaryTopic("t", null));
    }

    @Test
    void emptyNamesAreRejected() {
        assertThatThrownBy(() -> new SluiceQueue("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SluiceTopic(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SluiceTemporaryQueue("", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temporary queue");
    }

    @Test
    void typesMatchTheJmsInterfaces() {
        assertThat(new SluiceQueue("q")).isInstanceOf(Queue.class).isNotInstanceOf(TemporaryQueue.class);
        assertThat(new SluiceTemporaryQueue("q", null))
                .isInstanceOf(Queue.class)
                .isInstanceOf(TemporaryQueue.class);
        assertThat(new SluiceTemporaryTopic("t", null)).isInstanceOf(Topic.class);
        assertThat(new SluiceTemporaryQueue("q", null).isQueue()).isTrue();
        assertThat(new SluiceTemporaryQueue("q", null).isTemporary()).isTrue();
        assertThat(new SluiceTopic("t").isQueue()).isFalse();
    }

    @Test
    void refRoundTripForEveryKind() {
        for (DestinationKind kind : DestinationKind.values()) {
            SluiceDestination d = SluiceDestination.of(kind, "n-" + kind);
            assertThat(d.kind()).isEqualTo(kind);
            assertThat(d.toRef()).isEqualTo(new DestinationRef(kind, "n-" + kind));
            assertThat(SluiceDestination.fromRef(d.toRef())).isEqualTo(d);
        }
    }

    @Test
    void foreignDestinationsAreConvertedByName() throws Exception {
        Queue q = () -> "q1";
        Topic t = () -> "t1";
        assertThat(SluiceDestination.from(q)).isEqualTo(new SluiceQueue("q1"));
        assertThat(SluiceDestination.from(t)).isEqualTo(new SluiceTopic("t1"));
        SluiceQueue ours = new SluiceQueue("x");
        assertThat(SluiceDestination.from(ours)).isSameAs(ours);
        assertThatThrownBy(() -> SluiceDestination.from(null)).isInstanceOf(InvalidDestinationException.class);
        assertThatThrownBy(() -> SluiceDestination.from(new Destination() {}))
                .isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("neither a Queue nor a Topic");
        Queue nameless = () -> null;
        assertThatThrownBy(() -> SluiceDestination.from(nameless))
                .isInstanceOf(InvalidDestinationException.class)
                .hasMessageContaining("no name");
    }

    @Test
    void destinationsSerialize() throws Exception {
        for (SluiceDestination d :
                List.of(new SluiceQueue("q"), new SluiceTopic("t"), new SluiceTemporaryQueue("tq", x -> {}))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(d);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                Object back = in.readObject();
                assertThat(back).isEqualTo(d);
                if (back instanceof SluiceTemporaryDestination temporary) {
                    assertThat(temporary.owner()).as("the owner stays behind").isNull();
                }
            }
        }
    }

    @Test
    void jndiReferencesRebuildQueuesAndTopics() throws Exception {
        SluiceDestinationFactory factory = new SluiceDestinationFactory();
        for (SluiceDestination d : List.of(new SluiceQueue("jq"), new SluiceTopic("jt"))) {
            Reference ref = d instanceof SluiceQueue q ? q.getReference() : ((SluiceTopic) d).getReference();
            assertThat(ref.getFactoryClassName()).isEqualTo(SluiceDestinationFactory.class.getName());
            assertThat(factory.getObjectInstance(ref, null, null, null)).isEqualTo(d);
        }
        assertThat(factory.getObjectInstance("not a reference", null, null, null))
                .isNull();
        assertThat(factory.getObjectInstance(new Reference("java.lang.String"), null, null, null))
                .isNull();
        Reference broken = new Reference(SluiceQueue.class.getName(), SluiceDestinationFactory.class.getName(), null);
        assertThatThrownBy(() -> factory.getObjectInstance(broken, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        broken.add(new StringRefAddr(SluiceDestinationFactory.NAME_ADDRESS, ""));
        assertThatThrownBy(() -> factory.getObjectInstance(broken, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temporaryDestinationsDeleteThroughTheirOwner() throws Exception {
        List<SluiceTemporaryDestination> deleted = new ArrayList<>();
        SluiceTemporaryQueue q = new SluiceTemporaryQueue("tq", deleted::add);
        SluiceTemporaryTopic t = new SluiceTemporaryTopic("tt", deleted::add);
        assertThat(q.isDeleted()).isFalse();
        q.delete();
        t.delete();
        assertThat(deleted).containsExactly(q, t);
        assertThat(q.isDeleted()).isTrue();
        assertThat(t.isDeleted()).isTrue();
        assertThat(q.asDestination()).isSameAs(q);
    }

    @Test
    void aFailedDeleteLeavesTheDestinationAlive() {
        SluiceTemporaryQueue q = new SluiceTemporaryQueue("busy", d -> {
            throw new JMSException("temporary queue busy has consumers");
        });
        assertThatThrownBy(q::delete).isInstanceOf(JMSException.class).hasMessageContaining("consumers");
        assertThat(q.isDeleted()).isFalse();
    }

    @Test
    void aTemporaryDestinationWithoutOwnerCannotBeDeleted() {
        SluiceTemporaryTopic t = (SluiceTemporaryTopic) SluiceDestination.of(DestinationKind.TEMPORARY_TOPIC, "x");
        assertThatThrownBy(t::delete)
                .isInstanceOf(jakarta.jms.IllegalStateException.class)
                .hasMessageContaining("temp-topic://x");
    }
}
