package io.sluice.bench.driver.artemis;

/**
 * Artemis with its default broker configuration (driver id {@code artemis-default}).
 *
 * <p>Thread-safe.
 */
public final class ArtemisDefaultDriver extends ArtemisDriver {
    public ArtemisDefaultDriver() {
        super("default");
    }

    @Override
    public String id() {
        return "artemis-default";
    }

    @Override
    public String displayName() {
        return "Artemis default";
    }
}
