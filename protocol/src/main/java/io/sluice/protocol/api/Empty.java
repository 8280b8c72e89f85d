package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/** The body of requests and responses that carry no fields (heartbeat, delete topic, ...). */
public final class Empty implements ApiMessage {
    public static final Empty INSTANCE = new Empty();

    private Empty() {}

    public static Empty read(ByteBuf in) {
        Wire.expectEnd(in, "empty body");
        return INSTANCE;
    }

    @Override
    public void write(ByteBuf out) {}

    @Override
    public int sizeHint() {
        return 0;
    }
}
