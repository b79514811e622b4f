package dev.sluice.hub.internal.http;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.SseStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The web UI: static files from the jar under {@code /} and {@code /ui/} (and {@code /favicon.ico}), a once-a-second stats
 * stream ({@code /ui/stats}, which the dashboard reads with an {@code EventSource}), and
 * {@code /ui/config} (development tokens, only when the hub generated its own key).
 */
public final class UiEndpoint {
  private static final String ROOT = "/dev/sluice/hub/ui/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "ico", "image/x-icon");

  /** One snapshot of what the dashboard shows. */
  public record Stats(long subscribers, long subscriptions, long topics, long published,
      long deliveries, long history) {}

  private final Supplier<Stats> stats;
  private final ScheduledExecutorService timers;
  private final String configJson;

  public UiEndpoint(Supplier<Stats> stats, ScheduledExecutorService timers,
      String configJson) {
    this.stats = stats;
    this.timers = timers;
    this.configJson = configJson;
  }

  /** Serves the UI's paths, {@code /}, {@code /index.html} and {@code /ui/*}, on {@code server}. */
  public void mount(SseServer.Builder server) {
    server.get("/", this::handle).get("/index.html", this::handle).get("/ui/*", this::handle)
        .get("/favicon.ico", this::handle); // Browsers ask for it on every page of the hub's origin.
  }

  Response handle(Request call) {
    String path = call.path();
    if (path.equals("/ui/stats")) {
      return Response.sse(this::streamStats);
    }
    if (path.equals("/ui/config")) {
      return Response.json(configJson)
          .withHeader("Cache-Control", "no-store");
    }
    String file = path.equals("/") || path.equals("/index.html") ? "index.html"
        : path.equals("/favicon.ico") ? "favicon.ico"
        : path.substring("/ui/".length());
    if (file.isEmpty() || file.contains("/") || file.contains("..")) {
      return Response.text(404, "not found");
    }
    String extension = file.substring(file.lastIndexOf('.') + 1);
    String type = TYPES.get(extension);
    byte[] content = read(file);
    if (type == null || content == null) {
      return Response.text(404, "not found");
    }
    return Response.bytes(200, type, content).withHeader("Cache-Control", "no-cache");
  }

  private void streamStats(SseStream stream) {
    long[] previous = {-1, -1, System.nanoTime()};
    ScheduledFuture<?> task = timers.scheduleAtFixedRate(() -> {
      Stats s = stats.get();
      long now = System.nanoTime();
      double seconds = Math.max(1e-3, (now - previous[2]) / 1e9);
      double publishRate = previous[0] < 0 ? 0 : (s.published() - previous[0]) / seconds;
      double deliveryRate = previous[1] < 0 ? 0 : (s.deliveries() - previous[1]) / seconds;
      previous[0] = s.published();
      previous[1] = s.deliveries();
      previous[2] = now;
      String json = "{\"subscribers\":" + s.subscribers() + ",\"subscriptions\":" + s.subscriptions()
          + ",\"topics\":" + s.topics() + ",\"published\":" + s.published()
          + ",\"deliveries\":" + s.deliveries() + ",\"history\":" + s.history()
          + ",\"publishRate\":" + Math.round(publishRate) + ",\"deliveryRate\":"
          + Math.round(deliveryRate) + "}";
      stream.send(ServerSentEvent.builder().event("stats").data(json).build());
    }, 0, 1, TimeUnit.SECONDS);
    stream.onClose(() -> task.cancel(false));
  }

  private static byte[] read(String file) {
    try (InputStream in = UiEndpoint.class.getResourceAsStream(ROOT + file)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
