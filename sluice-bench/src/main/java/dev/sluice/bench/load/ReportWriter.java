package dev.sluice.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the result files of a side-by-side run into one Markdown table per scenario (targets as
 * columns; a target named in the column order without results shows as "pending") and PNG plots.
 */
final class ReportWriter {

    private record Row(String label, Function<JsonNode, String> value) {
    }

    private final Path dir;
    private final Path images;
    private final List<String> order;
    private final ObjectMapper json = new ObjectMapper();

    ReportWriter(Path dir, Path images, List<String> order) {
        this.dir = dir;
        this.images = images;
        this.order = order;
    }

    String write() throws IOException {
        Map<String, Map<String, JsonNode>> byScenario = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>(order);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = json.readTree(f.toFile());
                if (!n.has("scenario") || !n.has("target")) {
                    continue;
                }
                byScenario.computeIfAbsent(n.get("scenario").asText(), k -> new LinkedHashMap<>())
                        .put(n.get("target").asText(), n);
                if (!targets.contains(n.get("target").asText())) {
                    targets.add(n.get("target").asText());
                }
            }
        }
        StringBuilder md = new StringBuilder();
        for (String scenario : ScenarioPlan.NAMES) {
            Map<String, JsonNode> results = byScenario.get(scenario);
            if (results == null) {
                continue;
            }
            JsonNode any = results.values().iterator().next();
            md.append("#### ").append(scenario).append(" (").append(any.at("/plan/subscribers").asLong())
                    .append(" subscribers)\n\n");
            md.append("| |");
            targets.forEach(t -> md.append(' ').append(t).append(" |"));
            md.append("\n|---|");
            targets.forEach(t -> md.append("---:|"));
            md.append('\n');
            boolean leftovers = results.values().stream()
                    .anyMatch(n -> n.at("/previousConnections/heldAtStart").asLong() > 0);
            List<Row> rows = rows(scenario, leftovers);
            for (Row row : rows) {
                md.append("| ").append(row.label()).append(" |");
                for (String t : targets) {
                    JsonNode n = results.get(t);
                    md.append(' ').append(n == null ? "pending" : n.has("error") ? failedCell(row, rows, n)
                            : row.value().apply(n)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
            plots(scenario, results, targets, md);
        }
        return md.toString();
    }

    private void plots(String scenario, Map<String, JsonNode> results, List<String> targets, StringBuilder md)
            throws IOException {
        if (!List.of("fanout", "latency", "many-topics").contains(scenario)) {
            return;
        }
        Map<String, org.HdrHistogram.Histogram> latency = new LinkedHashMap<>();
        Map<String, org.HdrHistogram.Histogram> fromDue = new LinkedHashMap<>();
        Map<String, PlotWriter.Series> timelines = new LinkedHashMap<>();
        for (String t : targets) {
            JsonNode n = results.get(t);
            if (n == null || n.at("/deliveries").asLong() == 0) {
                continue;
            }
            latency.put(t, Histograms.decode(n.get("latencyHistogram").asText()));
            if (n.hasNonNull("latencyFromDueHistogram")) {
                fromDue.put(t, Histograms.decode(n.get("latencyFromDueHistogram").asText()));
            }
            long bucketMs = n.get("timelineBucketMillis").asLong();
            long from = (n.get("firstPublishNanos").asLong() - n.get("timelineStartNanos").asLong()) / 1_000_000 / bucketMs;
            JsonNode counts = n.get("timeline");
            int len = (int) Math.max(0, counts.size() - from);
            double[] x = new double[len];
            double[] y = new double[len];
            for (int i = 0; i < len; i++) {
                x[i] = i * bucketMs / 1000.0;
                y[i] = counts.get((int) from + i).asLong() * 1000.0 / bucketMs;
            }
            timelines.put(t, new PlotWriter.Series(x, y));
        }
        String rel = dir.toAbsolutePath().relativize(images.toAbsolutePath()).toString();
        String prefix = rel.isEmpty() ? "" : rel + "/";
        Path lat = images.resolve("hub-" + scenario + "-latency.png");
        Path del = images.resolve("hub-" + scenario + "-deliveries.png");
        PlotWriter.latencyByPercentile(lat, scenario + ": publish → receive latency by percentile", latency);
        PlotWriter.timeline(del, scenario + ": deliveries per second (100 ms buckets)", timelines);
        md.append("![").append(scenario).append(" latency](").append(prefix).append(lat.getFileName()).append(")\n");
        md.append("![").append(scenario).append(" deliveries/s](").append(prefix).append(del.getFileName())
                .append(")\n");
        if (ScenarioPlan.PACED.contains(scenario) && !fromDue.isEmpty()) {
            Path due = images.resolve("hub-" + scenario + "-latency-from-due.png");
            PlotWriter.latencyByPercentile(due, scenario + ": latency from the scheduled publish time", fromDue);
            md.append("![").append(scenario).append(" latency from the scheduled time](").append(prefix)
                    .append(due.getFileName()).append(")\n");
        }
        md.append('\n');
    }

    /**
     * The table's rows; {@code leftovers}: some target still held connections of the previous
     * scenario when this one began, so the table says how long the generator waited for them.
     */
    private static List<Row> rows(String scenario, boolean leftovers) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("connected / failed", n -> n.at("/connect/connected").asLong() + " / "
                + n.at("/connect/failed").asLong()));
        if (leftovers) {
            rows.add(new Row("previous scenario's connections still open at start", ReportWriter::leftover));
        }
        switch (scenario) {
            case "idle" -> {
                rows.add(new Row("heap per idle subscriber (after GC)", n -> bytes(n.at("/server/heapPerSubscriberBytes"))));
                rows.add(new Row("RSS per idle subscriber", n -> bytes(n.at("/server/rssPerSubscriberBytes"))));
                rows.add(new Row("server RSS with subscribers", n -> bytes(n.at("/server/rssIdleBytes"))));
                rows.add(new Row("idle CPU per subscriber, heartbeats included (µs/s)", n -> n.at("/server/idleCpuMicrosPerSecondPerSubscriber").isMissingNode()
                        ? "-" : String.format(java.util.Locale.ROOT, "%.2f", n.at("/server/idleCpuMicrosPerSecondPerSubscriber").asDouble())));
                rows.add(new Row("server CPU while idle", n -> n.at("/server/idleCpuPercent").isMissingNode()
                        ? "-" : String.format(java.util.Locale.ROOT, "%.1f %%", n.at("/server/idleCpuPercent").asDouble())));
                rows.add(new Row("connects/s (offered 2,000/s)", n -> num(n.at("/connect/perSecond").asDouble())));
            }
            case "connect-storm" -> {
                rows.add(new Row("connections/s", n -> num(n.at("/connect/perSecond").asDouble())));
                rows.add(new Row("connect → 200 p50 / p99 (ms)", n -> n.at("/connectMillis/p50").asText() + " / "
                        + n.at("/connectMillis/p99").asText()));
                rows.add(new Row("server CPU", n -> n.at("/server/cpuPercent").asText("-") + " %"));
            }
            case "replay" -> {
                rows.add(new Row("missed events", n -> num(n.at("/plan/totalEvents").asDouble())));
                rows.add(new Row("events received (incl. the one before)", n -> num(n.at("/distinct").asDouble())));
                rows.add(new Row("catch-up time (reconnect → last event)", n -> n.at("/replayCatchUpMillis").asText() + " ms"));
            }
            default -> {
                rows.add(new Row("events published", n -> num(n.at("/publish/published").asDouble())));
                rows.add(new Row("publishes/s achieved", n -> num(n.at("/publish/perSecond").asDouble())));
                rows.add(new Row("publish → answer p50 / p99 (ms)", n -> n.at("/publish/ackMillis/p50").asText("-")
                        + " / " + n.at("/publish/ackMillis/p99").asText("-")));
                rows.add(new Row("offered but not sent in the window", n -> num(n.at("/publish/refused").asDouble())));
                rows.add(new Row("deliveries", n -> num(n.at("/deliveries").asDouble())));
                rows.add(new Row("**deliveries/s**", n -> "**" + num(n.at("/deliveriesPerSecond").asDouble()) + "**"));
                String from = ScenarioPlan.PACED.contains(scenario) ? " from the send" : "";
                rows.add(new Row("latency" + from + " p50 / p90 (ms)", n -> n.at("/latencyMillis/p50").asText()
                        + " / " + n.at("/latencyMillis/p90").asText()));
                rows.add(new Row("latency" + from + " p99 / p99.9 / max (ms)", n -> n.at("/latencyMillis/p99").asText()
                        + " / " + n.at("/latencyMillis/p99_9").asText() + " / " + n.at("/latencyMillis/max").asText()));
                if (ScenarioPlan.PACED.contains(scenario)) {
                    // The publisher holds an event back while its previous publish is unanswered;
                    // from the schedule's time that wait counts, as it would for a real publisher.
                    // Events never sent in the window are not in it: see "offered but not sent".
                    rows.add(new Row("**latency from the scheduled time p50 / p99 / max (ms)**", n -> "**"
                            + n.at("/latencyFromDueMillis/p50").asText("-") + " / "
                            + n.at("/latencyFromDueMillis/p99").asText("-") + " / "
                            + n.at("/latencyFromDueMillis/max").asText("-") + "**"));
                }
                rows.add(new Row("server CPU (100 % = one core)", n -> n.at("/server/cpuPercent").asText("-") + " %"));
                rows.add(new Row("generator CPU, same window (coordinator + workers)",
                        n -> n.at("/generatorCpuPercent").asText("-") + " %"));
                rows.add(new Row("server peak RSS", n -> bytes(n.at("/server/peakRssBytes"))));
                rows.add(new Row("generator's own GC in the run: pauses / ms (all workers)", n -> n.at("/generatorGcCount")
                        .asText("-") + " / " + n.at("/generatorGcMillis").asText("-")));
            }
        }
        rows.add(new Row("lost / duplicated / out of order", n -> n.at("/lost").asLong() + " / "
                + n.at("/duplicates").asLong() + " / " + n.at("/outOfOrder").asLong()));
        rows.add(new Row("all delivered exactly once, in order", n -> intact(n) ? "yes" : "**NO**"));
        return rows;
    }

    private static String leftover(JsonNode n) {
        JsonNode p = n.at("/previousConnections");
        if (p.isMissingNode() || p.get("heldAtStart").asLong() == 0) {
            return "0";
        }
        long still = p.get("stillHeld").asLong();
        return num(p.get("heldAtStart").asDouble()) + (still == 0
                ? ", closed within " + p.get("waitedSeconds").asText() + " s"
                : ", **" + num(still) + " still open** after " + p.get("waitedSeconds").asText() + " s");
    }

    /** A run that threw: its reason in the first row, its verdict in the last, nothing between. */
    private static String failedCell(Row row, List<Row> all, JsonNode n) {
        if (row.label().equals(all.get(0).label())) {
            return "**failed**: " + n.get("error").asText().replace('|', '/').replace('\n', ' ');
        }
        return row.label().equals(all.get(all.size() - 1).label()) ? "**NO**" : "-";
    }

    /** Every published event reached every subscriber once and in order, and nothing failed. */
    static boolean intact(JsonNode n) {
        return n.at("/lost").asLong() == 0 && n.at("/duplicates").asLong() == 0 && n.at("/outOfOrder").asLong() == 0
                && n.at("/unparsed").asLong() == 0 && n.at("/connect/failed").asLong() == 0
                && n.at("/closedEarly").asLong() == 0 && n.at("/publish/errors").asLong() == 0;
    }

    private static Object ack(Map<String, Object> r) {
        Object publish = r.get("publish");
        Object ack = publish instanceof Map<?, ?> p ? p.get("ackMillis") : null;
        return ack instanceof Map<?, ?> a ? a.get("p50") : "-";
    }

    /** One line for the console after each run. */
    static String oneLine(Map<String, Object> r) {
        if (r.containsKey("error")) {
            return "FAILED: " + r.get("error");
        }
        Map<?, ?> lat = (Map<?, ?>) r.get("latencyMillis");
        Map<?, ?> con = (Map<?, ?>) r.get("connect");
        return String.format(Locale.ROOT,
                "connected %s failed %s (%s/s) | publish→200 p50 %s ms | deliveries %s/%s, %s/s | p50 %s p99 %s max %s ms | lost %s dup %s ooo %s | %s",
                con.get("connected"), con.get("failed"), con.get("perSecond"), ack(r), r.get("deliveries"),
                r.get("expectedDeliveries"), r.get("deliveriesPerSecond"), lat.get("p50"), lat.get("p99"),
                lat.get("max"), r.get("lost"), r.get("duplicates"), r.get("outOfOrder"),
                Boolean.TRUE.equals(r.get("ok")) ? "OK" : "NOT OK");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String bytes(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "-";
        }
        long b = n.asLong();
        if (Math.abs(b) >= 10L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
        if (Math.abs(b) >= 10L * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }
}
