package io.sluice.jms.message;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The JMS-defined ({@code JMSX}) properties Sluice supports, for {@code
 * ConnectionMetaData.getJMSXPropertyNames()}:
 *
 * <ul>
 *   <li>{@value #DELIVERY_COUNT}: set by the provider on every received message, 1 on the first
 *       delivery, 2 or more when JMSRedelivered is true; a value set before sending is not sent;
 *   <li>{@value #GROUP_ID}: set by the application (a String); it is also the record key, so all
 *       messages of a group land in the same partition and keep their order;
 *   <li>{@value #GROUP_SEQ}: set by the application (an int), carried unchanged.
 * </ul>
 *
 * Other JMSX names (JMSXUserID, JMSXAppID, ...) are not set by Sluice; an application may still
 * set them and they travel as ordinary properties.
 *
 * <p>Stateless and thread-safe.
 */
public final class Jmsx {
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    public static final String GROUP_ID = "JMSXGroupID";
    public static final String GROUP_SEQ = "JMSXGroupSeq";

    /** The supported JMSX property names. */
    public static final List<String> SUPPORTED = List.of(DELIVERY_COUNT, GROUP_ID, GROUP_SEQ);

    private Jmsx() {}

    /** The supported names as {@code ConnectionMetaData.getJMSXPropertyNames()} returns them. */
    public static Enumeration<String> propertyNames() {
        return Collections.enumeration(SUPPORTED);
    }
}
