package io.sluice.broker.server;

import io.sluice.broker.security.AuthenticationException;
import io.sluice.broker.security.Authenticator;
import io.sluice.broker.security.Principal;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ProtocolVersion;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Serves HANDSHAKE: negotiates the protocol version, authenticates (on the metadata executor: a
 * user lookup and a deliberately slow password hash) and claims the client id.
 *
 * <p>Thread-safe.
 */
public final class HandshakeService {
    /** The outcome of a successful handshake. */
    public record Accepted(Principal principal, String clientId, String clientSoftware, HandshakeResponse response) {}

    private final Authenticator authenticator;
    private final ClientIdRegistry clientIds;
    /** Where the blocking part runs (user lookup, password hashing): the metadata pool. */
    private final Executor blocking;

    private final int brokerId;
    private final int maxFrameBytes;
    private final int idleTimeoutMs;
    private final String serverVersion;
    private final ConnectionRegistry connections;
    private final boolean passwordsRequireTls;

    /** @param passwordsRequireTls refuse a handshake that carries a password over a connection without TLS */
    public HandshakeService(
            Authenticator authenticator,
            ClientIdRegistry clientIds,
            Executor blocking,
            int brokerId,
            int maxFrameBytes,
            int idleTimeoutMs,
            String serverVersion,
            ConnectionRegistry connections,
            boolean passwordsRequireTls) {
        this.authenticator = authenticator;
        this.clientIds = clientIds;
        this.blocking = blocking;
        this.brokerId = brokerId;
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeoutMs = idleTimeoutMs;
        this.serverVersion = serverVersion;
        this.connections = connections;
        this.passwordsRequireTls = passwordsRequireTls;
    }

    /** The connections that completed their handshake. */
    public ConnectionRegistry connections() {
        return connections;
    }

    /**
     * Completes with the accepted handshake, or exceptionally with the reason it was refused
     * (UNSUPPORTED_VERSION, AUTHENTICATION_FAILED, INVALID_CLIENT_ID).
     *
     * @param tls whether the connection is encrypted
     */
    public CompletableFuture<Accepted> handshake(HandshakeRequest request, long connectionId, boolean tls) {
        if (passwordsRequireTls && !tls && request.password() != null) {
            return CompletableFuture.failedFuture(new AuthenticationException(
                    "this broker accepts passwords only over TLS (security.passwords.require.tls);"
                            + " connect to its TLS port or enable TLS on the client"));
        }
        short version = ProtocolVersion.negotiate(request.minVersion(), request.maxVersion());
        if (version < 0) {
            return CompletableFuture.failedFuture(new SluiceProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "client speaks protocol versions " + request.minVersion() + ".." + request.maxVersion()
                            + ", broker speaks " + ProtocolVersion.MIN + ".." + ProtocolVersion.CURRENT));
        }
        return supply(() -> {
            Principal principal = authenticator.authenticate(request.username(), request.password());
            if (request.clientId() != null) {
                clientIds.claim(request.clientId(), connectionId);
            }
            return new Accepted(
                    principal,
                    request.clientId(),
                    request.clientSoftware(),
                    new HandshakeResponse(
                            version, brokerId, connectionId, maxFrameBytes, idleTimeoutMs, serverVersion));
        });
    }

    private CompletableFuture<Accepted> supply(Supplier<Accepted> work) {
        CompletableFuture<Accepted> result = new CompletableFuture<>();
        try {
            blocking.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // the pool is full or shutting down
        }
        return result;
    }

    public void connectionClosed(String clientId, long connectionId) {
        clientIds.release(clientId, connectionId);
    }
}
