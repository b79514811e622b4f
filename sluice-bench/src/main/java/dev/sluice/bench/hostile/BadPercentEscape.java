package dev.sluice.bench.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Hole 3: unauthenticated 1 MiB form bodies with a bad {@code %}-escape, and a subscribe query with
 * one. The hub must answer 400 (or 401 before reading the form), must not log the body, and must
 * keep its log from growing with the attack; the query must not get a 5xx.
 */
public final class BadPercentEscape implements Scenario {

    /** More than this much log for the whole attack counts as flooding. */
    static final long LOG_BUDGET_BYTES = 64 * 1024;

    private final int requests;
    private final int bodyBytes;

    public BadPercentEscape(int requests, int bodyBytes) {
        this.requests = requests;
        this.bodyBytes = bodyBytes;
    }

    @Override
    public String id() {
        return "3-bad-escape";
    }

    @Override
    public String title() {
        return requests + " unauthenticated " + (bodyBytes / 1024) + " KiB POSTs with a bad %-escape, and a subscribe query with one";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) {
        String marker = "HOSTILE-BODY-" + UUID.randomUUID();
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'a');
        byte[] head = ("data=" + marker + "-").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        byte[] bad = "%zz".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bad, 0, body, bodyBytes / 2, bad.length);

        long logBefore = HubLog.size(target);
        long t0 = System.nanoTime();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            RawHttp.Exchange answer = RawHttp.exchange(target, RawHttp.publish(target, null, body), Duration.ofSeconds(10));
            statuses.merge(answer.status(), 1, Integer::sum);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long grown = logBefore < 0 ? -1 : HubLog.size(target) - logBefore;
        context.note("publish statuses " + statuses + " in " + millis + " ms; log grew " + grown + " bytes");
        if (statuses.keySet().stream().anyMatch(s -> s != 400 && s != 401)) {
            context.broken("bad %-escape in a form answered " + statuses + " (400, or 401 before decoding, expected)");
        }
        if (grown > LOG_BUDGET_BYTES) {
            context.broken("the log grew " + grown + " bytes for " + requests + " bad requests (budget " + LOG_BUDGET_BYTES + ")");
        }
        if (HubLog.containsAfter(target, logBefore, marker)) {
            context.broken("the request body was written to the log");
        }

        // WHATWG form decoding (Mercure 1.0) keeps an invalid escape as literal text: match=%zz subscribes
        // to the topic "%zz" (200); a 400 is acceptable, a 5xx is the hole.
        RawHttp.Exchange query = RawHttp.exchange(target, RawHttp.request(target,
                "GET /.well-known/mercure?match=%zz HTTP/1.1", java.util.List.of("Connection: close"), new byte[0]),
                Duration.ofSeconds(5));
        context.note("subscribe with match=%zz: " + query.summary());
        if (query.status() != 200 && query.status() != 400) {
            context.broken("subscribe with a bad %-escape answered " + query.summary() + " (200 or 400 expected)");
        }
    }
}
