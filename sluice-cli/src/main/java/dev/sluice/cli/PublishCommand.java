package dev.sluice.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice publish}: POSTs one update to a Mercure hub and prints the id it got. Exit 0 on
 * {@code 200}; 1 with the hub's status and message on stderr otherwise.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish an update to a Mercure hub and print its event id.",
    sortOptions = false)
final class PublishCommand implements Callable<Integer> {
  static final String DEFAULT_URL = "http://localhost:8080/.well-known/mercure";

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
      description = "Publisher JWT (default: $SLUICE_PUBLISHER_JWT).")
  String jwt = System.getenv("SLUICE_PUBLISHER_JWT");

  @Option(names = "--url", paramLabel = "URL", description = "Hub URL (default: " + DEFAULT_URL + ").")
  String url = DEFAULT_URL;

  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    java.io.PrintWriter err = spec.commandLine().getErr();
    StringJoiner form = new StringJoiner("&");
    topics.forEach(topic -> form.add(field("topic", topic)));
    if (data != null) {
      form.add(field("data", data));
    }
    if (privateUpdate) {
      form.add("private=on");
    }
    if (id != null) {
      form.add(field("id", id));
    }
    if (type != null) {
      form.add(field("type", type));
    }
    if (retry != null) {
      form.add(field("retry", Long.toString(retry)));
    }
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      err.println("sluice publish: bad --url: " + url);
      return SluiceCommand.ExitCodes.USAGE;
    }
    request.timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (jwt != null && !jwt.isEmpty()) {
      request.header("Authorization", "Bearer " + jwt);
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      err.println("sluice publish: cannot reach " + url + ": " + e.getMessage());
      return SluiceCommand.ExitCodes.FAILED;
    }
    if (response.statusCode() != 200) {
      err.println("sluice publish: " + response.statusCode() + " " + response.body().strip());
      return SluiceCommand.ExitCodes.FAILED;
    }
    out.println(response.body().strip());
    return SluiceCommand.ExitCodes.OK;
  }

  private static String field(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
