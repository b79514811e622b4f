package dev.sluice.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.EventParser;
import dev.sluice.cli.SluiceCommand;
import dev.sluice.client.EventSource;
import dev.sluice.testing.RecordingHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine;

/** Runs one case through each of Sluice's three consumers and returns the events each dispatched. */
final class SluiceConsumers {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private SluiceConsumers() {}

  /** What the core parser reported for a case's connections, fed in the delivery's chunks. */
  record ParserRun(List<Dispatched> events, List<String> lastEventIdAfterEachConnection) {}

  /**
   * sluice-core's {@link EventParser}: each connection's bytes fed in the delivery's chunk size,
   * with {@link EventParser#end()} after each, as the client does when a stream ends.
   */
  static ParserRun parser(BrowserCase browserCase, Delivery delivery) {
    RecordingHandler recorder = new RecordingHandler();
    EventParser parser = EventParser.builder().build(recorder);
    List<String> ids = new ArrayList<>();
    for (byte[] stream : browserCase.connections()) {
      for (int start = 0; start < stream.length; start += delivery.chunkSize()) {
        parser.feed(stream, start, Math.min(delivery.chunkSize(), stream.length - start));
      }
      parser.end();
      ids.add(parser.lastEventId());
    }
    assertThat(recorder.callbacks()).as("limit errors").noneMatch(RecordingHandler.Limit.class::isInstance);
    return new ParserRun(recorder.events().stream().map(Dispatched::of).toList(), List.copyOf(ids));
  }

  /**
   * sluice-client's {@link EventSource} against {@code uri}: it reconnects when the case has more
   * connections (the server ends with 204 after the last) and otherwise reads one stream.
   */
  static List<Dispatched> client(URI uri, BrowserCase browserCase) throws InterruptedException {
    List<Dispatched> events = Collections.synchronizedList(new ArrayList<>());
    EventSource source = EventSource.builder(uri)
        .reconnect(browserCase.reconnects())
        .listener(event -> events.add(Dispatched.of(event)))
        .build()
        .start();
    try {
      assertThat(source.awaitClosed(CLOSE_TIMEOUT)).as("client closed within %s", CLOSE_TIMEOUT).isTrue();
    } finally {
      source.close();
    }
    assertThat(source.failure()).as("client failure").isEmpty();
    return List.copyOf(events);
  }

  /**
   * {@code sluice listen --json URL}, run in process: each event line read back as JSON; the
   * {@code {"retry":N}} lines, which a page cannot see, are checked for shape and left out.
   */
  static List<Dispatched> cli(URI uri, BrowserCase browserCase) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = SluiceCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("listen", "--json", "--timeout", CLOSE_TIMEOUT.toSeconds() + "s"));
    if (!browserCase.reconnects()) args.add("--no-reconnect");
    args.add(uri.toString());
    int exitCode = command.execute(args.toArray(String[]::new));
    assertThat(err.toString()).as("sluice listen stderr").isEmpty();
    assertThat(exitCode).as("sluice listen exit code").isZero();
    List<Dispatched> events = new ArrayList<>();
    for (String line : out.toString().lines().toList()) {
      JsonNode node = Dispatched.parse(line);
      if (node.has("retry")) {
        assertThat(node.size() == 1 && node.get("retry").canConvertToLong()).as("retry line %s", line).isTrue();
      } else {
        events.add(Dispatched.fromJson(node));
      }
    }
    return events;
  }
}
