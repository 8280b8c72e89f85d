package io.sluice.tck;

import java.io.Serializable;
import java.util.List;

/**
 * An application class carried in ObjectMessages. The suite allows the package {@code
 * io.sluice.tck} in the provider's ObjectMessage allow-list (see the module's pom).
 *
 * <p>Immutable and thread-safe.
 */
record TckPayload(String name, int quantity, List<String> tags) implements Serializable {}
