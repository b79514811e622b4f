package dev.sluice.bench.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Hole 5: requests a proxy and the hub could frame differently. Both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} with a second request hidden after the chunked body (RFC 9112
 * §6.1: answer, then close), {@code HTTP/0.9} and {@code HTTP/2.0} request lines on an HTTP/1.1
 * connection, and an unknown transfer coding beside a {@code Content-Length} (501).
 */
public final class RequestSmuggling implements Scenario {

    private static final Duration QUIET = Duration.ofSeconds(2);

    @Override
    public String id() {
        return "5-smuggling";
    }

    @Override
    public String title() {
        return "CL + TE: chunked with a hidden second request; HTTP/0.9; HTTP/2.0 without preface; unknown coding + CL";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        clAndChunked(target, context);
        version(target, context, "HTTP/0.9");
        version(target, context, "HTTP/2.0");
        unknownCoding(target, context);
    }

    /**
     * Sends the chunked body, then (300 ms later, so it is read as what follows the body) a hidden
     * {@code GET /healthz}. A second status line means the hub answered the smuggled request. The
     * same bytes in one packet are sent too, for the record only.
     */
    private void clAndChunked(HostileTarget target, AttackContext context) throws InterruptedException {
        String hidden = "GET /healthz HTTP/1.1\r\nHost: " + target.hostHeader() + "\r\n\r\n";
        String form = "topic=https%3A%2F%2Fexample.com%2Fsmuggled&data=first";
        String body = Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n";
        byte[] head = RawHttp.request(target, "POST /.well-known/mercure HTTP/1.1", List.of(
                "Authorization: Bearer " + target.publisherToken(),
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: " + (body.length() + hidden.length()),
                "Transfer-Encoding: chunked"), body.getBytes(StandardCharsets.US_ASCII));
        byte[] tail = hidden.getBytes(StandardCharsets.US_ASCII);

        RawHttp.Exchange answer = RawHttp.exchangeInTwo(target, head, tail, Duration.ofMillis(300), QUIET);
        context.note("Content-Length + chunked, hidden GET 300 ms after the body: statuses " + answer.statuses()
                + (answer.closedByHub() ? ", connection closed" : ", connection kept open"));
        if (answer.statuses().size() > 1) {
            context.broken("the request hidden after a chunked body with a Content-Length was answered (statuses "
                    + answer.statuses() + "); RFC 9112 §6.1: close after the first");
        } else if (!answer.closedByHub()) {
            context.broken("the connection stayed open after a request with both Content-Length and chunked");
        }

        byte[] together = new byte[head.length + tail.length];
        System.arraycopy(head, 0, together, 0, head.length);
        System.arraycopy(tail, 0, together, head.length, tail.length);
        RawHttp.Exchange onePacket = RawHttp.exchange(target, together, QUIET);
        context.note("the same bytes in one packet: statuses " + onePacket.statuses()
                + (onePacket.closedByHub() ? ", connection closed" : ", connection kept open"));
    }

    private void version(HostileTarget target, AttackContext context, String version) {
        byte[] req = RawHttp.request(target, "GET /healthz " + version, List.of("Connection: close"), new byte[0]);
        RawHttp.Exchange answer = RawHttp.exchange(target, req, QUIET);
        String statusLine = answer.text().lines().findFirst().orElse("");
        context.note("`GET /healthz " + version + "`: " + (statusLine.isEmpty() ? answer.summary() : statusLine));
        if (answer.status() >= 200 && answer.status() < 300) {
            context.broken("`GET /healthz " + version + "` was served as HTTP/1.1 (" + statusLine + "), 505/400 expected");
        }
    }

    private void unknownCoding(HostileTarget target, AttackContext context) {
        byte[] form = "topic=https%3A%2F%2Fexample.com%2Fsmuggled&data=x".getBytes(StandardCharsets.US_ASCII);
        byte[] req = RawHttp.request(target, "POST /.well-known/mercure HTTP/1.1", List.of(
                "Authorization: Bearer " + target.publisherToken(),
                "Content-Type: application/x-www-form-urlencoded",
                "Transfer-Encoding: gzip",
                "Content-Length: " + form.length,
                "Connection: close"), form);
        RawHttp.Exchange answer = RawHttp.exchange(target, req, QUIET);
        context.note("`Transfer-Encoding: gzip` + Content-Length: " + answer.summary());
        if (!Set.of(400, 501).contains(answer.status())) {
            context.broken("an unknown transfer coding beside a Content-Length answered " + answer.summary()
                    + " (501 expected)");
        }
    }
}
