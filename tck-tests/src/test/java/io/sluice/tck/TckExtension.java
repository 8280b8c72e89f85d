package io.sluice.tck;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates the suite's {@link TckEnvironment} once per test JVM (in the root store, which closes it
 * after the last test) and hands it to {@link TckTestBase}.
 *
 * <p>Thread-safe: the store computes the environment once.
 */
final class TckExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TckExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        TckTestBase.tck = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(TckEnvironment.class, k -> TckEnvironment.create(), TckEnvironment.class);
    }
}
