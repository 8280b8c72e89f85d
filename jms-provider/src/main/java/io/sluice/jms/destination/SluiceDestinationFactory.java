package io.sluice.jms.destination;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds a {@link SluiceQueue} or {@link SluiceTopic} from the JNDI {@link Reference} it was bound
 * as. A reference names this factory and carries one address, {@value #NAME_ADDRESS}, holding the
 * destination name; its class name says whether it is a queue or a topic. Application servers that
 * configure destinations as references use the same shape:
 *
 * <pre>
 * className = io.sluice.jms.destination.SluiceQueue (or SluiceTopic)
 * factory   = io.sluice.jms.destination.SluiceDestinationFactory
 * name      = the destination name
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SluiceDestinationFactory implements ObjectFactory {
    /** The reference address that holds the destination name. */
    public static final String NAME_ADDRESS = "name";

    /** Public for JNDI, which instantiates factories reflectively. */
    public SluiceDestinationFactory() {}

    static Reference referenceTo(SluiceDestination destination) {
        Reference ref = new Reference(destination.getClass().getName(), SluiceDestinationFactory.class.getName(), null);
        ref.add(new StringRefAddr(NAME_ADDRESS, destination.name()));
        return ref;
    }

    /**
     * @return the destination, or {@code null} when {@code obj} is not a reference to a Sluice queue
     *     or topic (the JNDI contract for "not mine")
     * @throws IllegalArgumentException if it is one but carries no usable name
     */
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
        if (!(obj instanceof Reference ref)) {
            return null;
        }
        boolean queue = SluiceQueue.class.getName().equals(ref.getClassName());
        boolean topic = SluiceTopic.class.getName().equals(ref.getClassName());
        if (!queue && !topic) {
            return null;
        }
        RefAddr address = ref.get(NAME_ADDRESS);
        Object content = address == null ? null : address.getContent();
        if (!(content instanceof String destinationName) || destinationName.isEmpty()) {
            throw new IllegalArgumentException(
                    "reference to a " + ref.getClassName() + " has no '" + NAME_ADDRESS + "' address with a name");
        }
        return queue ? new SluiceQueue(destinationName) : new SluiceTopic(destinationName);
    }
}
