package dev.sluice.bench.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-exact HTTP/1.x on one socket: what the attacks send is written as given, so malformed
 * requests reach the hub unchanged, and what comes back is read raw (every status line counts).
 */
final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?m)^content-length:\\s*(\\d+)");

    private RawHttp() {
    }

    /** What one connection answered within the deadline. */
    record Exchange(String text, List<Integer> statuses, boolean closedByHub, String failure) {

        /** The first status, or -1 if none arrived (refused, reset or silent). */
        int status() {
            return statuses.isEmpty() ? -1 : statuses.get(0);
        }

        /** Status and the body's first line, short enough for a report. */
        String summary() {
            if (statuses.isEmpty()) {
                return failure != null ? "no answer (" + failure + ")" : "no answer";
            }
            int body = text.indexOf("\r\n\r\n");
            String first = body < 0 ? "" : text.substring(body + 4).lines().findFirst().orElse("");
            return statuses.get(0) + (first.isBlank() ? "" : " \"" + Reports.clip(first, 100) + "\"");
        }
    }

    /**
     * Opens a connection, writes {@code request}, and reads until the hub closes the connection or
     * {@code quiet} passes without a byte (or 256 KiB arrived).
     */
    static Exchange exchange(HostileTarget target, byte[] request, Duration quiet) {
        try (Socket socket = new Socket()) {
            socket.connect(target.address(), (int) Duration.ofSeconds(5).toMillis());
            socket.setSoTimeout((int) quiet.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            return new Exchange("", List.of(), false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Like {@link #exchange}, but writes {@code second} after {@code pause}, on the same connection. */
    static Exchange exchangeInTwo(HostileTarget target, byte[] first, byte[] second, Duration pause, Duration quiet)
            throws InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(target.address(), (int) Duration.ofSeconds(5).toMillis());
            socket.setSoTimeout((int) quiet.toMillis());
            socket.getOutputStream().write(first);
            socket.getOutputStream().flush();
            Thread.sleep(pause.toMillis()); // Lets the hub read the first part alone.
            socket.getOutputStream().write(second);
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            return new Exchange("", List.of(), false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static Exchange readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        boolean closed = false;
        String failure = null;
        try {
            while (out.size() < 256 * 1024) {
                int n = in.read(buf);
                if (n < 0) {
                    closed = true;
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Quiet for the deadline: the hub kept the connection open.
        } catch (IOException e) {
            closed = true;
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        return new Exchange(text, statuses(text), closed, failure);
    }

    /**
     * The status of every response in {@code text}, in order: each response is framed by its
     * {@code Content-Length} or chunked body, so a response that follows a body directly (a
     * pipelined or smuggled answer) is counted too. An SSE stream's statuses are its first only.
     */
    static List<Integer> statuses(String text) {
        List<Integer> statuses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            Matcher m = STATUS_LINE.matcher(text);
            if (!m.find(at) || m.start() != at) {
                break;
            }
            statuses.add(Integer.parseInt(m.group(1)));
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String head = text.substring(at, headEnd).toLowerCase(java.util.Locale.ROOT);
            at = headEnd + 4;
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (length.find()) {
                at += Integer.parseInt(length.group(1));
            } else if (head.contains("transfer-encoding: chunked")) {
                at = skipChunks(text, at);
            } else {
                break; // Read until close: nothing after it belongs to another response.
            }
        }
        return statuses;
    }

    private static int skipChunks(String text, int at) {
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return text.length();
            }
            int size;
            try {
                size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                return text.length();
            }
            at = lineEnd + 2 + size + 2;
            if (size == 0) {
                return at; // No trailers in what the hub sends.
            }
        }
        return text.length();
    }

    /** A value encoded for an {@code application/x-www-form-urlencoded} body or a query. */
    static String formValue(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request head plus body, with the {@code Host} header filled in. */
    static byte[] request(HostileTarget target, String requestLine, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        head.append("Host: ").append(target.hostHeader()).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** A form POST to the publish endpoint with a bearer token (none if {@code token} is null). */
    static byte[] publish(HostileTarget target, String token, byte[] form) {
        List<String> headers = new ArrayList<>(List.of(
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: " + form.length,
                "Connection: close"));
        if (token != null) {
            headers.add("Authorization: Bearer " + token);
        }
        return request(target, "POST /.well-known/mercure HTTP/1.1", headers, form);
    }
}
