package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.client.ScriptedServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ListenCommandTest {
  private ScriptedServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedServer();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  /**
   * Streams with the lines a browser's EventSource dispatches for them (per the WHATWG rules, as
   * Chromium implements them), written one byte at a time, at an odd size, and whole.
   */
  static Stream<Arguments> conformingStreams() {
    return Stream.of(
        Arguments.of("BOM, CRLF and a comment",
            "\uFEFF: hi\r\ndata: a\r\n\r\n",
            "{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"\"}\n"),
        Arguments.of("type, several data lines, an empty one, extra spaces",
            "event: t\ndata: x\ndata:\ndata:  y\n\n",
            "{\"type\":\"t\",\"data\":\"x\\n\\n y\",\"lastEventId\":\"\"}\n"),
        Arguments.of("the id persists until cleared",
            "id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
            "{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"1\"}\n"
                + "{\"type\":\"message\",\"data\":\"b\",\"lastEventId\":\"1\"}\n"
                + "{\"type\":\"message\",\"data\":\"c\",\"lastEventId\":\"\"}\n"),
        Arguments.of("an id with NUL is ignored",
            "id: 2\ndata: a\n\nid: 3\u0000x\ndata: b\n\n",
            "{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"2\"}\n"
                + "{\"type\":\"message\",\"data\":\"b\",\"lastEventId\":\"2\"}\n"),
        Arguments.of("only a valid retry is reported",
            "retry: 1500\nretry: 15x\nretry:\nretry: -1\ndata: r\n\n",
            "{\"retry\":1500}\n{\"type\":\"message\",\"data\":\"r\",\"lastEventId\":\"\"}\n"),
        Arguments.of("'data' without a colon is an empty data line",
            "data\n\n",
            "{\"type\":\"message\",\"data\":\"\",\"lastEventId\":\"\"}\n"),
        Arguments.of("a block without data dispatches nothing and resets the type",
            "event: x\n\ndata: y\n\n",
            "{\"type\":\"message\",\"data\":\"y\",\"lastEventId\":\"\"}\n"),
        Arguments.of("colons after the first belong to the value; no space is fine",
            "data:a:b\n\n",
            "{\"type\":\"message\",\"data\":\"a:b\",\"lastEventId\":\"\"}\n"),
        Arguments.of("CR line ends and unknown fields",
            "foo: bar\rdata: cr\r\r",
            "{\"type\":\"message\",\"data\":\"cr\",\"lastEventId\":\"\"}\n"),
        Arguments.of("an unterminated last event is discarded",
            "data: kept\n\ndata: lost",
            "{\"type\":\"message\",\"data\":\"kept\",\"lastEventId\":\"\"}\n"),
        Arguments.of("JSON escapes for quotes, backslashes, controls; non-ASCII as is",
            "data: \"q\" \\ \t é 😀 \u2028\u0001\n\n",
            "{\"type\":\"message\",\"data\":\"\\\"q\\\" \\\\ \\t é 😀 \u2028\\u0001\",\"lastEventId\":\"\"}\n"),
        Arguments.of("invalid UTF-8 becomes U+FFFD",
            "data: \u00ff\n\n", // Replaced by the byte 0xFF below.
            "{\"type\":\"message\",\"data\":\"\uFFFD\",\"lastEventId\":\"\"}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conformingStreams")
  void jsonOutputIsWhatABrowserDispatches(String name, String stream, String expected) throws Exception {
    byte[] bytes = stream.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (name.startsWith("invalid UTF-8")) bytes = new byte[] {'d', 'a', 't', 'a', ':', ' ', (byte) 0xFF, '\n', '\n'};
    for (int chunkSize : new int[] {1, 3, bytes.length}) {
      StringWriter output = new StringWriter();
      StringWriter errors = new StringWriter();
      server.enqueue(ScriptedServer.Response.stream(bytes).chunkedAt(chunkSize));
      int exit = run(output, errors, "listen", "--json", "--no-reconnect", server.uri("/s").toString());
      server.takeRequest();
      assertThat(output.toString()).as("chunks of %s bytes", chunkSize).isEqualTo(expected);
      assertThat(errors.toString()).isEmpty();
      assertThat(exit).isZero();
    }
  }

  @Test
  void reconnectsByDefaultWithLastEventIdAndExitsZeroOn204() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("retry: 10\nid: 7\ndata: one\n\n"));
    server.enqueue(ScriptedServer.Response.stream("data: two\n\n").chunkedAt(2));
    server.enqueue(ScriptedServer.Response.status(204));
    int exit = run("listen", "--json", server.uri("/s").toString());
    assertThat(server.takeRequest().header("Last-Event-ID")).isNull();
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("7");
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("7");
    assertThat(out.toString()).isEqualTo("{\"retry\":10}\n"
        + "{\"type\":\"message\",\"data\":\"one\",\"lastEventId\":\"7\"}\n"
        + "{\"type\":\"message\",\"data\":\"two\",\"lastEventId\":\"7\"}\n");
    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
  }

  @Test
  void printsEventsForPeopleAndStopsAtMaxEvents() throws Exception {
    server.enqueue(ScriptedServer.Response.stream(
        "id: 1\nevent: tick\ndata: a\ndata: b\n\ndata: c\n\ndata: never shown\n\n").thenHoldOpen());
    int exit = run("listen", "--max-events", "2", server.uri("/s").toString());
    server.takeRequest();
    assertThat(out.toString()).isEqualTo("event: tick\nid: 1\na\nb\n\nid: 1\nc\n\n");
    assertThat(exit).isZero();
    server.awaitDisconnect(1);
  }

  @Test
  void postsBodyFromFileWithHeadersAndInitialLastEventId(@TempDir Path directory) throws Exception {
    Path body = Files.writeString(directory.resolve("prompt.json"), "{\"stream\":true}");
    server.enqueue(ScriptedServer.Response.stream("data: [DONE]\n\n"));
    int exit = run("listen", "-H", "Authorization: Bearer abc", "-H", "Content-Type: application/json",
        "-d", "@" + body, "--last-event-id", "é1", "--no-reconnect", "--json", server.uri("/v1").toString());
    ScriptedServer.RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.bodyText()).isEqualTo("{\"stream\":true}");
    assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Last-Event-ID")).isEqualTo("%C3%A91");
    assertThat(out.toString()).isEqualTo("{\"type\":\"message\",\"data\":\"[DONE]\",\"lastEventId\":\"é1\"}\n");
    assertThat(exit).isZero();
  }

  @Test
  void wrongContentTypeFailsWithOneLineOnStderr() throws Exception {
    server.enqueue(ScriptedServer.Response.withContentType("text/html", "<html>"));
    int exit = run("listen", "--json", server.uri("/s").toString());
    server.takeRequest();
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("sluice listen: expected Content-Type text/event-stream from "
        + server.uri("/s") + " but got text/html\n");
  }

  @Test
  void httpErrorWithoutReconnectFailsWithOneLineOnStderr() throws Exception {
    server.enqueue(ScriptedServer.Response.status(500));
    int exit = run("listen", "--no-reconnect", server.uri("/s").toString());
    server.takeRequest();
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("sluice listen: HTTP 500 from " + server.uri("/s") + "\n");
  }

  @Test
  void anHttp500EndsListenByDefaultAsABrowserFailsTheConnection() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("id: 1\ndata: before\n\n"));
    server.enqueue(ScriptedServer.Response.status(500));
    int exit = run("listen", "--json", server.uri("/s").toString());
    server.takeRequest();
    assertThat(server.takeRequest().header("Last-Event-ID")).isEqualTo("1"); // The end of a stream is retried.
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("{\"type\":\"message\",\"data\":\"before\",\"lastEventId\":\"1\"}\n");
    assertThat(err.toString()).isEqualTo("sluice listen: HTTP 500 from " + server.uri("/s") + "\n");
    server.assertNoMoreRequests();
  }

  @Test
  void everyStatusButTwoHundredEndsListenWithOneLineNamingIt() throws Exception {
    for (int status : new int[] {201, 206, 401, 404, 429, 500, 503}) {
      StringWriter errors = new StringWriter();
      server.enqueue(ScriptedServer.Response.status(status, "Content-Type: text/event-stream", "Retry-After: 0"));
      int exit = run(new StringWriter(), errors, "listen", server.uri("/s").toString());
      server.takeRequest();
      assertThat(exit).as("HTTP %s", status).isEqualTo(1);
      assertThat(errors.toString()).isEqualTo("sluice listen: HTTP " + status + " from " + server.uri("/s") + "\n");
    }
    server.assertNoMoreRequests();
  }

  @Test
  void retryServerErrorsRetriesAFiveHundredAndGoesOn() throws Exception {
    server.enqueue(ScriptedServer.Response.status(503, "Retry-After: 0"));
    server.enqueue(ScriptedServer.Response.stream("data: after the outage\n\n"));
    server.enqueue(ScriptedServer.Response.status(204));
    int exit = run("listen", "--json", "--retry-server-errors", server.uri("/s").toString());
    for (int i = 0; i < 3; i++) server.takeRequest();
    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo("{\"type\":\"message\",\"data\":\"after the outage\",\"lastEventId\":\"\"}\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void dispatchesAOneMebibyteDataLineAsABrowserDoes() throws Exception {
    String data = "x".repeat(1_048_591);
    server.enqueue(ScriptedServer.Response.stream("data: " + data + "\n\n").chunkedAt(64 * 1024));
    int exit = run("listen", "--json", "--no-reconnect", server.uri("/s").toString());
    server.takeRequest();
    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo("{\"type\":\"message\",\"data\":\"" + data + "\",\"lastEventId\":\"\"}\n");
  }

  @Test
  void aLineOverTheLimitFailsWithOneLineNamingTheOption() throws Exception {
    server.enqueue(ScriptedServer.Response.stream("data: small\n\ndata: " + "y".repeat(2048) + "\n\n"));
    int exit = run("listen", "--json", "--max-line-length", "1k", server.uri("/s").toString());
    server.takeRequest();
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("{\"type\":\"message\",\"data\":\"small\",\"lastEventId\":\"\"}\n");
    assertThat(err.toString()).isEqualTo("sluice listen: event stream exceeded the maximum line length of 1024 bytes"
        + " (raise it with --max-line-length)\n");
    server.assertNoMoreRequests(); // The server would send the same event again: no retry.
  }

  @Test
  void anEventOverTheSizeLimitFailsWithOneLineNamingTheOption() throws Exception {
    String line = "data: " + "z".repeat(600) + "\n";
    server.enqueue(ScriptedServer.Response.stream(line + line + "\n"));
    int exit = run("listen", "--max-event-size", "1k", server.uri("/s").toString());
    server.takeRequest();
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("sluice listen: event stream exceeded the maximum ")
        .endsWith(" of 1024 bytes (raise it with --max-event-size)\n");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void refusedConnectionWithoutReconnectFailsWithOneLineOnStderr() throws Exception {
    int port = ScriptedServer.unusedPort();
    int exit = run("listen", "--no-reconnect", "http://127.0.0.1:" + port + "/s");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(
        "sluice listen: connection to http://127.0.0.1:" + port + "/s failed: connection refused\n");
  }

  @Test
  void unknownHostIsCalledAnUnknownHostNotARefusedConnection() {
    int exit = run("listen", "--no-reconnect", "http://nonsense.invalid:8080/s"); // RFC 2606: never resolves.
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(
        "sluice listen: connection to http://nonsense.invalid:8080/s failed: unknown host nonsense.invalid\n");
  }

  @Test
  void timeoutExitsThreeWithOneLine() throws Exception {
    server.enqueue(ScriptedServer.Response.stream(": quiet\n").thenHoldOpen());
    int exit = run("listen", "--timeout", "300ms", server.uri("/s").toString());
    server.takeRequest();
    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).isEqualTo("sluice listen: timed out after 300ms\n");
    server.awaitDisconnect(1);
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    assertThat(run("listen", "-H", "no colon", "http://127.0.0.1:1/")).isEqualTo(2);
    assertThat(run("listen", "--timeout", "soon", "http://127.0.0.1:1/")).isEqualTo(2);
    assertThat(run("listen", "file:///etc/passwd")).isEqualTo(2);
    assertThat(run("listen", "--max-line-length", "0", "http://127.0.0.1:1/")).isEqualTo(2);
    assertThat(run("listen", "--max-event-size", "3g", "http://127.0.0.1:1/")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(5).allMatch(line -> line.startsWith("sluice listen: "));
  }

  private int run(String... args) {
    return run(out, err, args);
  }

  private static int run(StringWriter output, StringWriter errors, String... args) {
    CommandLine commandLine = SluiceCommand.commandLine();
    commandLine.setOut(new PrintWriter(output, true));
    commandLine.setErr(new PrintWriter(errors, true));
    return commandLine.execute(args);
  }
}
