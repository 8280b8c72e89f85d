package io.sluice.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.api.BrowseResponse;
import java.util.List;

/**
 * A page of browsed messages and the buffers its records are slices of; whoever sends the response
 * releases the buffers afterwards.
 *
 * <p>Not thread-safe; handed from a subscription to the connection that asked.
 */
public record BrowsePage(BrowseResponse response, List<ByteBuf> buffers) {}
