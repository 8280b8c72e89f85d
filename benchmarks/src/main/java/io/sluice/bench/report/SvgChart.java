package io.sluice.bench.report;

import io.sluice.bench.result.Outcome;
import io.sluice.bench.result.WorkloadResult;
import io.sluice.bench.workload.Workload;
import io.sluice.bench.workload.WorkloadMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws a run as one SVG: a row per throughput or drain workload, with a bar per driver in two
 * panels - received (or drained) msgs/s, and end-to-end p99 latency. Each row has its own scale
 * (the workloads' figures differ by orders of magnitude), so bars compare drivers within a row and
 * every bar carries its value. A driver without figures shows an empty dashed bar saying why.
 *
 * <p>Thread-safe: stateless.
 */
public final class SvgChart {
    private static final String[] COLORS = {"#1f6fb4", "#e07b1a", "#2f9e44", "#c92a2a", "#7048e8"};
    private static final int WIDTH = 1000;
    private static final int LABEL_WIDTH = 250;
    private static final int PANEL_GAP = 30;
    private static final int PANEL_WIDTH = (WIDTH - LABEL_WIDTH - PANEL_GAP - 20) / 2;
    private static final int BAR_HEIGHT = 16;
    private static final int ROW_GAP = 14;
    private static final int TOP = 60;

    private SvgChart() {}

    public static String render(RunReport report) {
        List<Workload> rows = report.suite().workloads().stream()
                .filter(w -> w.mode() != WorkloadMode.BACKLOG_HEAP)
                .toList();
        int height = TOP + 20;
        for (Workload w : rows) {
            height += RunReport.columns(report.suite(), w).size() * BAR_HEIGHT + ROW_GAP;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH,
                height,
                WIDTH,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        int panelA = LABEL_WIDTH;
        int panelB = LABEL_WIDTH + PANEL_WIDTH + PANEL_GAP;
        text(svg, 10, 20, "start", "bold", escape(report.suite().title()) + ": each row has its own scale");
        text(svg, panelA, 45, "start", "bold", "msgs/s received (drained), more is better");
        text(svg, panelB, 45, "start", "bold", "end-to-end p99 latency in ms, less is better");
        int y = TOP;
        for (Workload w : rows) {
            List<String> ids = RunReport.columns(report.suite(), w);
            int rowHeight = ids.size() * BAR_HEIGHT;
            text(svg, 10, y + rowHeight / 2 + 4, "start", "normal", escape(shorten(w.name(), 36)));
            double maxRate = 0;
            double maxP99 = 0;
            for (String id : ids) {
                Optional<WorkloadResult> r = report.result(w.name(), id).filter(WorkloadResult::isMeasured);
                maxRate = Math.max(
                        maxRate, r.map(WorkloadResult::receiveMessagesPerSecond).orElse(0.0));
                maxP99 = Math.max(
                        maxP99, r.map(x -> x.endToEnd().p99Nanos() / 1e6).orElse(0.0));
            }
            for (int i = 0; i < ids.size(); i++) {
                int barY = y + i * BAR_HEIGHT;
                String color = COLORS[i % COLORS.length];
                Optional<WorkloadResult> r = report.result(w.name(), ids.get(i));
                String name = r.map(WorkloadResult::driverName).orElse(ids.get(i));
                if (r.isEmpty() || !r.get().isMeasured()) {
                    String why = r.isPresent() && r.get().outcome() == Outcome.FAILED ? "failed" : Figures.NOT_MEASURED;
                    missing(svg, panelA, barY, name + ": " + why);
                    if (w.mode() == WorkloadMode.THROUGHPUT) {
                        missing(svg, panelB, barY, name + ": " + why);
                    }
                    continue;
                }
                WorkloadResult result = r.get();
                bar(
                        svg,
                        panelA,
                        barY,
                        result.receiveMessagesPerSecond(),
                        maxRate,
                        color,
                        name + " " + Figures.rate(result.receiveMessagesPerSecond()));
                if (w.mode() == WorkloadMode.THROUGHPUT && result.endToEnd().count() > 0) {
                    double p99 = result.endToEnd().p99Nanos() / 1e6;
                    bar(
                            svg,
                            panelB,
                            barY,
                            p99,
                            maxP99,
                            color,
                            name + " " + Figures.ms(result.endToEnd().p99Nanos()));
                }
            }
            y += rowHeight + ROW_GAP;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    y - ROW_GAP / 2,
                    WIDTH - 10,
                    y - ROW_GAP / 2));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, int x, int y, double value, double max, String color, String label) {
        int width = max <= 0 ? 0 : (int) Math.round(PANEL_WIDTH * 0.62 * value / max);
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                x,
                y + 2,
                Math.max(1, width),
                BAR_HEIGHT - 4,
                color));
        text(svg, x + Math.max(1, width) + 4, y + BAR_HEIGHT - 4, "start", "normal", escape(label));
    }

    private static void missing(StringBuilder svg, int x, int y, String label) {
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\""
                        + " stroke-dasharray=\"4 3\"/>%n",
                x,
                y + 2,
                PANEL_WIDTH / 3,
                BAR_HEIGHT - 4));
        text(svg, x + PANEL_WIDTH / 3 + 4, y + BAR_HEIGHT - 4, "start", "italic", escape(label));
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, String style, String content) {
        String weight = style.equals("bold") ? " font-weight=\"bold\"" : "";
        String italic = style.equals("italic") ? " font-style=\"italic\" fill=\"#666\"" : "";
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s%s>%s</text>%n",
                x,
                y,
                anchor,
                weight,
                italic,
                content));
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
