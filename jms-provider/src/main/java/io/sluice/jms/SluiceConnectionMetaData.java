package io.sluice.jms;

import io.sluice.jms.message.Jmsx;
import jakarta.jms.ConnectionMetaData;
import java.util.Enumeration;

/**
 * What {@code Connection.getMetaData()} reports: Jakarta Messaging 3.1, the provider's name and
 * version (from the jar manifest, or the build's version when run from classes) and the JMSX
 * properties Sluice supports ({@link Jmsx#propertyNames()}).
 *
 * <p>Immutable; thread-safe.
 */
public final class SluiceConnectionMetaData implements ConnectionMetaData {
    public static final String PROVIDER_NAME = "Sluice";
    public static final String PROVIDER_VERSION = providerVersion();
    public static final int JMS_MAJOR_VERSION = 3;
    public static final int JMS_MINOR_VERSION = 1;

    private static String providerVersion() {
        String v = SluiceConnectionMetaData.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String getJMSVersion() {
        return JMS_MAJOR_VERSION + "." + JMS_MINOR_VERSION;
    }

    @Override
    public int getJMSMajorVersion() {
        return JMS_MAJOR_VERSION;
    }

    @Override
    public int getJMSMinorVersion() {
        return JMS_MINOR_VERSION;
    }

    @Override
    public String getJMSProviderName() {
        return PROVIDER_NAME;
    }

    @Override
    public String getProviderVersion() {
        return PROVIDER_VERSION;
    }

    @Override
    public int getProviderMajorVersion() {
        return versionPart(0);
    }

    @Override
    public int getProviderMinorVersion() {
        return versionPart(1);
    }

    private static int versionPart(int index) {
        String[] parts = PROVIDER_VERSION.split("[.-]");
        try {
            return parts.length > index ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Jmsx.propertyNames();
    }

    @Override
    public String toString() {
        return PROVIDER_NAME + " " + PROVIDER_VERSION + " (Jakarta Messaging " + getJMSVersion() + ")";
    }
}
