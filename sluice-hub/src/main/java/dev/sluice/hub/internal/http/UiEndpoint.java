package dev.sluice.hub.internal.http;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.internal.dispatch.SubscriberStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The web UI: static files from the jar under {@code /} and {@code /ui/}, a once-a-second stats
 * stream ({@code /ui/stats}, which the dashboard reads with an {@code EventSource}), and
 * {@code /ui/config} (development tokens, only when the hub generated its own key).
 */
public final class UiEndpoint {
  private static final String ROOT = "/dev/sluice/hub/ui/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8");

  /** One snapshot of what the dashboard shows. */
  public record Stats(long subscribers, long subscriptions, long topics, long published,
      long deliveries, long history) {}

  private final Supplier<Stats> stats;
  private final ScheduledExecutorService timers;
  private final Optional<String> configJson;

  public UiEndpoint(Supplier<Stats> stats, ScheduledExecutorService timers,
      Optional<String> configJson) {
    this.stats = stats;
    this.timers = timers;
    this.configJson = configJson;
  }

  /** Whether this endpoint serves {@code path}. */
  public static boolean serves(String path) {
    return path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/");
  }

  public HubResponse handle(HttpCall call) {
    String path = call.path();
    if (path.equals("/ui/stats")) {
      return HubResponse.stream(this::streamStats);
    }
    if (path.equals("/ui/config")) {
      return HubResponse.body(200, "application/json", configJson.orElse("{}"))
          .withHeader("Cache-Control", "no-store");
    }
    String file = path.equals("/") || path.equals("/index.html") ? "index.html"
        : path.substring("/ui/".length());
    if (file.isEmpty() || file.contains("/") || file.contains("..")) {
      return HubResponse.text(404, "not found");
    }
    String extension = file.substring(file.lastIndexOf('.') + 1);
    String type = TYPES.get(extension);
    byte[] content = read(file);
    if (type == null || content == null) {
      return HubResponse.text(404, "not found");
    }
    return new HubResponse(200, java.util.List.of(Map.entry("Content-Type", type),
        Map.entry("Cache-Control", "no-cache")), content, null);
  }

  private void streamStats(SubscriberStream stream) {
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
