package dev.sluice.bench.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes the run's reports: {@code hostile.json} (everything) and {@code hostile.md} (the table). */
final class Reports {

    private Reports() {
    }

    static String clip(String s, int max) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }

    /** The reports already written to {@code dir}, or none. */
    static List<ScenarioReport> read(Path dir) throws IOException {
        Path json = dir.resolve("hostile.json");
        if (!Files.exists(json)) {
            return List.of();
        }
        return List.of(new ObjectMapper().readValue(json.toFile(), ScenarioReport[].class));
    }

    static void write(Path dir, String command, List<ScenarioReport> reports) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("hostile.json").toFile(), reports);
        Files.writeString(dir.resolve("hostile.md"), markdown(command, reports));
    }

    static String markdown(String command, List<ScenarioReport> reports) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| scenario | verdict | honest p50 / p99 / max ms before | during | healthz ok / failed / slowest ms | refused | log bytes |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ScenarioReport r : reports) {
            md.append("| ").append(r.id()).append(" | **").append(r.verdict()).append("** | ")
                    .append(latency(r.before())).append(" | ").append(latency(r.during())).append(" | ")
                    .append(r.healthz().ok()).append(" / ").append(r.healthz().failed()).append(" / ")
                    .append(fmt(r.healthz().slowestMillis())).append(" | ")
                    .append(refused(r)).append(" | ").append(r.logBytes() < 0 ? "–" : r.logBytes()).append(" |\n");
        }
        md.append('\n');
        for (ScenarioReport r : reports) {
            md.append("### ").append(r.id()).append(": ").append(r.verdict()).append("\n\n");
            md.append(r.title()).append(" (attack ").append(r.attackMillis()).append(" ms")
                    .append(r.recoveredAfterMillis() > 0 ? ", healthz back " + r.recoveredAfterMillis() + " ms after it" : "")
                    .append(r.recoveredAfterMillis() < 0 ? ", healthz NOT back 30 s after it" : "").append(")\n\n");
            for (String b : r.brokenBecause()) {
                md.append("- BROKEN: ").append(b).append('\n');
            }
            for (String e : r.evidence()) {
                md.append("- ").append(e).append('\n');
            }
            for (Refusals.Kind k : r.refusals()) {
                md.append("- refused: ").append(k.kind()).append(" ×").append(k.count()).append(" (first at ")
                        .append(k.firstAtMillis()).append(" ms, last at ").append(k.lastAtMillis()).append(" ms)\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String latency(HonestFigures f) {
        if (f == null) {
            return "–";
        }
        String s = fmt(f.p50Millis()) + " / " + fmt(f.p99Millis()) + " / " + fmt(f.maxMillis())
                + " (" + f.received() + " recv)";
        return f.publishFailed() > 0 ? s + ", " + f.publishFailed() + " publishes failed" : s;
    }

    private static String refused(ScenarioReport r) {
        long total = r.refusals().stream().mapToLong(Refusals.Kind::count).sum();
        if (total == 0) {
            return "0";
        }
        long first = r.refusals().stream().mapToLong(Refusals.Kind::firstAtMillis).min().orElse(0);
        long last = r.refusals().stream().mapToLong(Refusals.Kind::lastAtMillis).max().orElse(0);
        return total + " (" + first + "–" + last + " ms)";
    }

    static String fmt(double millis) {
        return millis >= 100 ? String.valueOf(Math.round(millis)) : String.format("%.1f", millis);
    }
}
