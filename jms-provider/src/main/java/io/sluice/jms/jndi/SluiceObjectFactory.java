package io.sluice.jms.jndi;

import io.sluice.jms.SluiceConnectionFactory;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds a {@link SluiceConnectionFactory} from the JNDI {@link Reference} it was bound as. The
 * reference names this factory and carries the factory's full URL (credentials included) in the
 * address {@value #URL_ADDRESS}:
 *
 * <pre>
 * className = io.sluice.jms.SluiceConnectionFactory
 * factory   = io.sluice.jms.jndi.SluiceObjectFactory
 * url       = sluice://broker:7676?user=app&amp;password=secret
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SluiceObjectFactory implements ObjectFactory {
    /** The reference address that holds the URL. */
    public static final String URL_ADDRESS = "url";

    /** Public for JNDI, which instantiates factories reflectively. */
    public SluiceObjectFactory() {}

    /**
     * @return the connection factory, or {@code null} when {@code obj} is not a reference to one
     * @throws IllegalArgumentException if it is one but its URL is missing or invalid
     */
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
        if (!(obj instanceof Reference ref)
                || !SluiceConnectionFactory.class.getName().equals(ref.getClassName())) {
            return null;
        }
        RefAddr address = ref.get(URL_ADDRESS);
        Object url = address == null ? null : address.getContent();
        if (!(url instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(
                    "reference to a " + ref.getClassName() + " has no '" + URL_ADDRESS + "' address with a URL");
        }
        return new SluiceConnectionFactory(s);
    }
}
