package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.InspectMessagesResponse;
import java.util.List;

/**
 * A page of inspected messages and the buffers its records are slices of; whoever sends the
 * response releases the buffers afterwards.
 *
 * <p>Not thread-safe; handed from the reader to the connection that asked.
 */
public record InspectPage(InspectMessagesResponse response, List<ByteBuf> buffers) {}
