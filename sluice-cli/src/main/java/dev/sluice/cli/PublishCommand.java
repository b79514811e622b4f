package dev.sluice.cli;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.RetryPolicy;
import dev.sluice.publisher.Update;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice publish}: publishes one update to a Mercure hub with {@link HubPublisher} and prints
 * the id it got. Exit 0 on success; 1 with the hub's status, its reason and what to do on one
 * stderr line otherwise; 2 for bad usage (including a field the hub would refuse).
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {"Publish an update to a Mercure hub and print its event id.",
        "Exit codes: 0 published; 1 the hub refused it or could not be reached; 2 bad usage."},
    sortOptions = false)
final class PublishCommand implements Callable<Integer> {
  static final String DEFAULT_URL = "http://localhost:8080/.well-known/mercure";
  /** The one name for a publisher token: here, in the banner of 'sluice serve', in the README. */
  static final String TOKEN_VARIABLE = "PUBLISHER_TOKEN";

  @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC",
      description = "Topic of the update; repeat for alternate topics (the first is canonical).")
  List<String> topics = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "DATA", description = "The update's content.")
  String data;

  @Option(names = "--private", description = "Only subscribers allowed this topic receive it.")
  boolean privateUpdate;

  @Option(names = "--id", paramLabel = "ID", description = "Event id to use instead of a generated one.")
  String id;

  @Option(names = "--type", paramLabel = "TYPE", description = "SSE event type.")
  String type;

  @Option(names = "--retry", paramLabel = "MILLIS", description = "SSE reconnection time in milliseconds.")
  Long retry;

  @Option(names = "--jwt", paramLabel = "TOKEN",
      description = "Publisher JWT (default: $" + TOKEN_VARIABLE + ", as 'sluice serve' prints it).")
  String jwt = System.getenv(TOKEN_VARIABLE);

  @Option(names = "--url", paramLabel = "URL", description = "Hub URL (default: " + DEFAULT_URL + ").")
  String url = DEFAULT_URL;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Update update = update();
    URI hub = hubUrl();
    HubPublisher publisher = HubPublisher.builder(hub)
        .tokenSupplier(() -> jwt) // Null or empty: no Authorization header, and the hub says 401.
        .requestTimeout(Duration.ofSeconds(30))
        .retryPolicy(RetryPolicy.none()) // A person at a prompt wants the answer now, not in 4 tries.
        .hubAssignsIds() // Without --id the hub's own scheme applies (--ids random leaks no timing).
        .build();
    try {
      out.println(publisher.publish(update));
      return SluiceCommand.ExitCodes.OK;
    } catch (PublishException e) {
      err.println(spec.qualifiedName() + ": " + failure(e, hub));
      return SluiceCommand.ExitCodes.FAILED;
    }
  }

  /**
   * What went wrong and what to do about it, on one line: the hub's status and its own reason
   * (which says which field or which right), then the step to take.
   */
  static String failure(PublishException e, URI hub) {
    String reason = Errors.oneLine(e.reason());
    if (e.status().isEmpty()) {
      String hint = reason.startsWith("unknown host") ? "check --url" : "is a hub running there? check --url";
      return "cannot reach " + hub + ": " + (reason.isEmpty() ? "no answer" : reason) + "; " + hint;
    }
    int status = e.status().get();
    return status + (reason.isEmpty() ? "" : " " + reason) + " (" + whatToDo(status) + ")";
  }

  static String whatToDo(int status) {
    switch (status) {
      case 400:
        return "fix the field it names; see 'sluice publish --help'";
      case 401:
        return "pass a publisher token with --jwt, or set " + TOKEN_VARIABLE
            + "; 'sluice serve' prints one for its development key";
      case 403:
        return "use a token whose publish claim covers every --topic";
      case 413:
        return "send less --data: the update is larger than the hub accepts";
      case 404:
      case 405:
        return "--url must be the hub's URL, ending in /.well-known/mercure";
      case 502:
      case 503:
      case 504:
        return "the hub could not store it now; try again, and check its /healthz";
      default:
        return "see the hub's log";
    }
  }

  private Update update() {
    try {
      Update.Builder update = Update.builder().topics(topics).privateUpdate(privateUpdate);
      if (data != null) update.data(data);
      if (id != null) update.id(id);
      if (type != null) update.type(type);
      if (retry != null) update.retry(Duration.ofMillis(retry));
      return update.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), Errors.describe(e));
    }
  }

  private URI hubUrl() {
    try {
      URI uri = Urls.parse(url);
      if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--url must be an absolute http or https URL: " + url);
    }
  }
}
