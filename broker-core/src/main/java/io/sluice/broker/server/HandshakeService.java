package io.sluice.broker.server;

import io.sluice.broker.security.Authenticator;
import io.sluice.broker.security.Principal;
import io.sluice.protocol.api.HandshakeRequest;
import io.sluice.protocol.api.HandshakeResponse;
import io.sluice.protocol.api.ProtocolVersion;
import io.sluice.protocol.error.ErrorCode;
import io.sluice.protocol.error.SluiceProtocolException;
import java.util.concurrent.CompletableFuture;

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
    private final BrokerExecutors executors;
    private final int brokerId;
    private final int maxFrameBytes;
    private final int idleTimeoutMs;
    private final String serverVersion;
    private final ConnectionRegistry connections;

    public HandshakeService(
            Authenticator authenticator,
            ClientIdRegistry clientIds,
            BrokerExecutors executors,
            int brokerId,
            int maxFrameBytes,
            int idleTimeoutMs,
            String serverVersion,
            ConnectionRegistry connections) {
        this.authenticator = authenticator;
        this.clientIds = clientIds;
        this.executors = executors;
        this.brokerId = brokerId;
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeoutMs = idleTimeoutMs;
        this.serverVersion = serverVersion;
        this.connections = connections;
    }

    /** The connections that completed their handshake. */
    public ConnectionRegistry connections() {
        return connections;
    }

    /**
     * Completes with the accepted handshake, or exceptionally with the reason it was refused
     * (UNSUPPORTED_VERSION, AUTHENTICATION_FAILED, INVALID_CLIENT_ID).
     */
    public CompletableFuture<Accepted> handshake(HandshakeRequest request, long connectionId) {
        short version = ProtocolVersion.negotiate(request.minVersion(), request.maxVersion());
        if (version < 0) {
            return CompletableFuture.failedFuture(new SluiceProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "client speaks protocol versions " + request.minVersion() + ".." + request.maxVersion()
                            + ", broker speaks " + ProtocolVersion.MIN + ".." + ProtocolVersion.CURRENT));
        }
        return executors.onMetadata(() -> {
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

    public void connectionClosed(String clientId, long connectionId) {
        clientIds.release(clientId, connectionId);
    }
}
