package io.sluice.bench.driver.artemis;

/**
 * Artemis tuned for this machine (driver id {@code artemis-tuned}): ASYNCIO journal where libaio is
 * installed, journal buffer timeout set to the measured fsync latency of the data disk.
 *
 * <p>Thread-safe.
 */
public final class ArtemisTunedDriver extends ArtemisDriver {
    public ArtemisTunedDriver() {
        super("tuned");
    }

    @Override
    public String id() {
        return "artemis-tuned";
    }

    @Override
    public String displayName() {
        return "Artemis tuned";
    }
}
