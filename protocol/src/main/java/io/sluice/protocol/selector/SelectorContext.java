package io.sluice.protocol.selector;

/**
 * The header and property values of one message, as a {@link Selector} sees them. The broker
 * implements it over a decoded record; tests use a map ({@code props::get}).
 *
 * <p>{@link #value} returns, for an identifier:
 *
 * <ul>
 *   <li>a property: its value as a {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer},
 *       {@link Long}, {@link Float}, {@link Double} or {@link String}, exactly the type it was set
 *       with (no conversions), or {@code null} when the message has no such property;
 *   <li>{@code JMSDeliveryMode}: the string {@value #PERSISTENT} or {@value #NON_PERSISTENT};
 *   <li>{@code JMSPriority}: an {@link Integer}; {@code JMSTimestamp}: a {@link Long};
 *   <li>{@code JMSMessageID}, {@code JMSCorrelationID}, {@code JMSType}: a {@link String} or
 *       {@code null}.
 * </ul>
 *
 * <p>A value of any other type is treated as a value of no selector type: every comparison with
 * it is unknown, and only {@code IS NOT NULL} is true of it.
 *
 * <p>Identifiers are passed as interned strings (the same instances as {@link
 * Selector#identifiers()}), so an implementation may look them up by identity, for example with a
 * {@code switch} or an {@link java.util.IdentityHashMap} keyed by those instances.
 *
 * <p>A selector calls {@link #value} only from the thread that called {@link
 * Selector#matches(SelectorContext)}, and may call it more than once, or not at all, for one
 * identifier. Implementations need not be thread-safe.
 */
@FunctionalInterface
public interface SelectorContext {
    /** What {@code JMSDeliveryMode} must be for a persistent message. */
    String PERSISTENT = "PERSISTENT";

    /** What {@code JMSDeliveryMode} must be for a non-persistent message. */
    String NON_PERSISTENT = "NON_PERSISTENT";

    /** The value of a header or property, or {@code null} if the message has none. */
    Object value(String identifier);
}
