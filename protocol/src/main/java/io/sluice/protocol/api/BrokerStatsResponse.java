package io.sluice.protocol.api;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.codec.Wire;

/**
 * The broker's health and totals (BROKER_STATS; the request body is empty). Counters count since
 * the broker started; a monitoring tool derives rates from two samples.
 *
 * <pre>
 * brokerId            int32
 * serverVersion       string
 * securityEnabled     boolean
 * startTimeMs         int64, epoch ms when the broker started
 * nowMs               int64, the broker's clock when it answered
 * connections         int32, open client connections (handshake done)
 * topics              int32, destinations (queues and topics, temporary ones included)
 * partitions          int32
 * dataDir             string, absolute path of the data directory
 * diskUsedBytes       int64, bytes of the files under the data directory
 * diskFreeBytes       int64, bytes usable on the data directory's file system
 * diskTotalBytes      int64, size of that file system
 * heapUsedBytes       int64
 * heapCommittedBytes  int64
 * heapMaxBytes        int64, -1 if unlimited
 * threads             int32, live JVM threads
 * messagesIn          int64, records appended to destinations since start
 * messagesOut         int64, records delivered to consumers or returned by FETCH since start
 * </pre>
 */
public record BrokerStatsResponse(
        int brokerId,
        String serverVersion,
        boolean securityEnabled,
        long startTimeMs,
        long nowMs,
        int connections,
        int topics,
        int partitions,
        String dataDir,
        long diskUsedBytes,
        long diskFreeBytes,
        long diskTotalBytes,
        long heapUsedBytes,
        long heapCommittedBytes,
        long heapMaxBytes,
        int threads,
        long messagesIn,
        long messagesOut)
        implements ApiMessage {

    public static BrokerStatsResponse read(ByteBuf in) {
        BrokerStatsResponse r = new BrokerStatsResponse(
                Wire.readInt(in, "brokerId"),
                Wire.readRequiredString(in, "serverVersion"),
                Wire.readBoolean(in, "securityEnabled"),
                Wire.readLong(in, "startTimeMs"),
                Wire.readLong(in, "nowMs"),
                Wire.readInt(in, "connections"),
                Wire.readInt(in, "topics"),
                Wire.readInt(in, "partitions"),
                Wire.readRequiredString(in, "dataDir"),
                Wire.readLong(in, "diskUsedBytes"),
                Wire.readLong(in, "diskFreeBytes"),
                Wire.readLong(in, "diskTotalBytes"),
                Wire.readLong(in, "heapUsedBytes"),
                Wire.readLong(in, "heapCommittedBytes"),
                Wire.readLong(in, "heapMaxBytes"),
                Wire.readInt(in, "threads"),
                Wire.readLong(in, "messagesIn"),
                Wire.readLong(in, "messagesOut"));
        Wire.expectEnd(in, "BrokerStatsResponse");
        return r;
    }

    /** Milliseconds since the broker started. */
    public long uptimeMs() {
        return Math.max(0, nowMs - startTimeMs);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(brokerId);
        Wire.writeString(out, serverVersion);
        Wire.writeBoolean(out, securityEnabled);
        out.writeLong(startTimeMs).writeLong(nowMs);
        out.writeInt(connections).writeInt(topics).writeInt(partitions);
        Wire.writeString(out, dataDir);
        out.writeLong(diskUsedBytes).writeLong(diskFreeBytes).writeLong(diskTotalBytes);
        out.writeLong(heapUsedBytes).writeLong(heapCommittedBytes).writeLong(heapMaxBytes);
        out.writeInt(threads);
        out.writeLong(messagesIn).writeLong(messagesOut);
    }
}
