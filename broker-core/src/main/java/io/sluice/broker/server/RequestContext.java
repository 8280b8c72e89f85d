package io.sluice.broker.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.sluice.broker.security.Principal;
import java.net.SocketAddress;

/**
 * What a request handler knows about the connection a request came from. Later APIs that push
 * frames to the client (deliveries) keep the context and push through {@link #channel()}.
 *
 * <p>Immutable; thread-safe (the channel is thread-safe).
 *
 * @param connectionId unique among this broker's connections since it started
 * @param principal who the connection authenticated as
 * @param clientId the client id from the handshake, or null
 * @param oneWay whether the request being handled is ONE_WAY (nobody waits for its response)
 */
public record RequestContext(long connectionId, Principal principal, String clientId, Channel channel, boolean oneWay) {

    public RequestContext(long connectionId, Principal principal, String clientId, Channel channel) {
        this(connectionId, principal, clientId, channel, false);
    }

    /** This context for a ONE_WAY request. */
    public RequestContext asOneWay() {
        return new RequestContext(connectionId, principal, clientId, channel, true);
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public ByteBufAllocator allocator() {
        return channel.alloc();
    }
}
