package dev.sluice.cli;

import dev.sluice.client.ErrorStrategy;
import dev.sluice.client.EventSource;
import dev.sluice.LimitExceededException;
import dev.sluice.client.SseClientException;
import dev.sluice.client.SseLimitExceededException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice listen URL}: prints a stream's events as a browser's EventSource dispatches them. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
        "Prints each event a stream dispatches, reconnecting with Last-Event-ID as a browser does: "
            + "after the stream ends or the connection is lost, but not after an HTTP error status "
            + "(unless --retry-server-errors).",
        "",
        "Exit codes: 0 the server ended with 204, --max-events was reached, or (with "
            + "--no-reconnect) the stream ended; 1 the connection failed and is not retried (a "
            + "status other than 200, wrong Content-Type, refused connection with --no-reconnect, "
            + "a line or event over the limits); 2 bad usage; 3 --timeout passed first."},
    sortOptions = false)
final class ListenCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The http or https URL of the stream.")
  private String url;

  @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'",
      description = "A request header; repeatable.")
  private List<String> headers = new ArrayList<>();

  @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
      description = "The request method (default GET, or POST with --data).")
  private String method;

  @Option(names = {"-d", "--data"}, paramLabel = "BODY|@FILE",
      description = "A request body, or @file to send a file's bytes (@- for stdin).")
  private String data;

  @Option(names = "--last-event-id", paramLabel = "ID", description = "Resume after this event ID.")
  private String lastEventId;

  @Option(names = "--no-reconnect", description = "Read one stream: do not reconnect when it ends or fails.")
  private boolean noReconnect;

  @Option(names = "--retry-server-errors", description = {"Retry 5xx and 429 answers (after any "
      + "Retry-After) as it retries lost connections; a browser, and listen by default, gives up."})
  private boolean retryServerErrors;

  @Option(names = "--max-line-length", paramLabel = "BYTES", converter = ByteSizes.class,
      description = "The longest line accepted (default 16m); longer fails with exit 1. 65536, 512k, 16m.")
  private Integer maxLineLength;

  @Option(names = "--max-event-size", paramLabel = "BYTES", converter = ByteSizes.class,
      description = "The most data one event may carry (default 16m); more fails with exit 1.")
  private Integer maxEventSize;

  @Option(names = "--json", description = {"One JSON object per event on stdout, and nothing else:",
      "{\"type\":...,\"data\":...,\"lastEventId\":...}; {\"retry\":N} when the stream sets retry."})
  private boolean json;

  @Option(names = "--max-events", paramLabel = "N", description = "Exit 0 after N events.")
  private Integer maxEvents;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
      description = "Give up after this long (exit 3): 500ms, 30s, 5m, 1h.")
  private Duration timeout;

  @Override
  public Integer call() throws Exception {
    EventSource.Builder builder = EventSource.builder(parseUrl())
        .reconnect(!noReconnect)
        .errorStrategy(noReconnect ? ErrorStrategy.stop()
            : retryServerErrors ? ErrorStrategy.alwaysRetry() : ErrorStrategy.likeBrowser());
    if (maxLineLength != null) builder.maxLineLength(maxLineLength);
    if (maxEventSize != null) builder.maxEventSize(maxEventSize);
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) throw usage("header must look like 'Name: value': " + header);
      builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    if (data != null) {
      builder.post(readBody());
      if (method != null) builder.method(method.toUpperCase(Locale.ROOT));
    } else if (method != null) {
      builder.method(method.toUpperCase(Locale.ROOT));
    }
    if (lastEventId != null) builder.lastEventId(lastEventId);
    if (maxEvents != null && maxEvents < 1) throw usage("--max-events must be at least 1: " + maxEvents);

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EventPrinter printer = new EventPrinter(out, err, json, maxEvents == null ? Long.MAX_VALUE : maxEvents,
        spec.qualifiedName());
    EventSource source = builder.listener(printer).build();
    printer.source = source;
    source.start();
    boolean closed = timeout == null ? source.awaitClosed(Duration.ofDays(365 * 100))
        : source.awaitClosed(timeout);
    if (!closed) {
      source.close();
      source.awaitClosed(Duration.ofSeconds(5));
      err.println(spec.qualifiedName() + ": timed out after " + describe(timeout));
      return SluiceCommand.ExitCodes.TIMED_OUT;
    }
    if (printer.maxReached) return SluiceCommand.ExitCodes.OK;
    if (source.failure().isPresent()) {
      SseClientException failure = source.failure().get();
      err.println(spec.qualifiedName() + ": " + failure.getMessage() + hint(failure));
      return SluiceCommand.ExitCodes.FAILED;
    }
    return SluiceCommand.ExitCodes.OK;
  }

  /** For a limit that was hit, the option that raises it. */
  private static String hint(SseClientException failure) {
    if (!(failure instanceof SseLimitExceededException limit)) return "";
    return limit.limit() == LimitExceededException.Limit.LINE_LENGTH
        ? " (raise it with --max-line-length)" : " (raise it with --max-event-size)";
  }

  private URI parseUrl() {
    try {
      URI uri = Urls.parse(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw usage("URL must be an absolute http or https URL: " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw usage("invalid URL: " + e.getMessage());
    }
  }

  private byte[] readBody() {
    if (!data.startsWith("@")) return data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String file = data.substring(1);
    try {
      return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

}
