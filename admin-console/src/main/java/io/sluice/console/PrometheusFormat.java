package io.sluice.console;

import io.sluice.protocol.api.BrokerStatsResponse;
import io.sluice.protocol.api.DestinationStatsResponse.DestinationStats;
import java.util.List;

/**
 * Writes broker and destination statistics in the Prometheus text exposition format (version
 * 0.0.4): a {@code # HELP} and {@code # TYPE} line per metric family, then its samples, with label
 * values escaped. The metric names are listed in docs/console.md.
 *
 * <p>Stateless; thread-safe.
 */
final class PrometheusFormat {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {}

    static String render(BrokerStatsResponse b, List<DestinationStats> destinations) {
        StringBuilder out = new StringBuilder(4096 + destinations.size() * 1024);
        gauge(out, "sluice_up", "1 when the console could read the broker's statistics", 1);
        gauge(out, "sluice_broker_uptime_seconds", "seconds since the broker started", b.uptimeMs() / 1000.0);
        gauge(out, "sluice_broker_connections", "open client connections", b.connections());
        gauge(out, "sluice_broker_destinations", "queues and topics", b.topics());
        gauge(out, "sluice_broker_partitions", "partitions of all destinations", b.partitions());
        gauge(out, "sluice_broker_disk_used_bytes", "bytes of the files in the data directory", b.diskUsedBytes());
        gauge(
                out,
                "sluice_broker_disk_free_bytes",
                "usable bytes on the data directory's file system",
                b.diskFreeBytes());
        gauge(out, "sluice_broker_disk_total_bytes", "size of the data directory's file system", b.diskTotalBytes());
        gauge(out, "sluice_broker_heap_used_bytes", "JVM heap in use", b.heapUsedBytes());
        gauge(out, "sluice_broker_heap_committed_bytes", "JVM heap committed", b.heapCommittedBytes());
        gauge(out, "sluice_broker_heap_max_bytes", "JVM heap limit (-1: none)", b.heapMaxBytes());
        gauge(out, "sluice_broker_threads", "live JVM threads", b.threads());
        counter(
                out,
                "sluice_broker_messages_in_total",
                "records appended to the current destinations' logs",
                b.messagesIn());
        counter(
                out,
                "sluice_broker_messages_out_total",
                "messages delivered to consumers since the broker started",
                b.messagesOut());
        family(out, "sluice_destination_partitions", "gauge", "partitions of the destination");
        destinations.forEach(d -> sample(out, "sluice_destination_partitions", d, d.partitions()));
        family(out, "sluice_destination_messages_stored", "gauge", "records in the destination's logs");
        destinations.forEach(d -> sample(out, "sluice_destination_messages_stored", d, d.storedMessages()));
        family(out, "sluice_destination_messages_pending", "gauge", "queues: messages not acknowledged");
        destinations.stream()
                .filter(d -> d.pendingMessages() >= 0)
                .forEach(d -> sample(out, "sluice_destination_messages_pending", d, d.pendingMessages()));
        family(out, "sluice_destination_size_bytes", "gauge", "bytes of the destination's logs");
        destinations.forEach(d -> sample(out, "sluice_destination_size_bytes", d, d.sizeBytes()));
        family(out, "sluice_destination_messages_in_total", "counter", "records appended to the destination");
        destinations.forEach(d -> sample(out, "sluice_destination_messages_in_total", d, d.messagesIn()));
        family(out, "sluice_destination_messages_out_total", "counter", "messages delivered from the destination");
        destinations.forEach(d -> sample(out, "sluice_destination_messages_out_total", d, d.messagesOut()));
        family(out, "sluice_destination_subscriptions", "gauge", "subscriptions of the destination");
        destinations.forEach(d -> sample(out, "sluice_destination_subscriptions", d, d.subscriptions()));
        family(out, "sluice_destination_consumers", "gauge", "consumers attached to the destination");
        destinations.forEach(d -> sample(out, "sluice_destination_consumers", d, d.consumers()));
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        family(out, name, "gauge", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        family(out, name, "counter", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, DestinationStats d, double value) {
        out.append(name)
                .append("{destination=\"")
                .append(escape(d.name()))
                .append("\",type=\"")
                .append(escape(d.type()))
                .append("\"} ")
                .append(number(value))
                .append('\n');
    }

    static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
