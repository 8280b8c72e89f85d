package io.sluice.bench.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The drivers available to a run, by id. {@link #discover()} finds every {@link Driver} listed in
 * {@code META-INF/services/io.sluice.bench.driver.Driver} on the class path, so a new driver is one
 * class plus one line there.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class DriverRegistry {
    private final Map<String, Driver> drivers;

    public DriverRegistry(List<Driver> drivers) {
        Map<String, Driver> byId = new LinkedHashMap<>();
        for (Driver d : drivers) {
            Driver clash = byId.putIfAbsent(d.id(), d);
            if (clash != null) {
                throw new IllegalArgumentException("two drivers with id '" + d.id() + "': "
                        + clash.getClass().getName() + " and " + d.getClass().getName());
            }
        }
        this.drivers = Map.copyOf(byId);
    }

    /** Every driver registered through {@link ServiceLoader}. */
    public static DriverRegistry discover() {
        return new DriverRegistry(ServiceLoader.load(Driver.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** The driver with this id, or empty when it is not on the class path (yet). */
    public Optional<Driver> find(String id) {
        return Optional.ofNullable(drivers.get(id));
    }

    /** The ids of all registered drivers, sorted. */
    public List<String> ids() {
        return drivers.keySet().stream().sorted().toList();
    }
}
