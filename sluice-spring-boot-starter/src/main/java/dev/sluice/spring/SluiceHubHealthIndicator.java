package dev.sluice.spring;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports the hub as up when its {@code GET /healthz} answers 2xx within {@code
 * sluice.hub.health-timeout}; down with the status and the hub's short reason otherwise. Shown as
 * {@code sluice} under {@code /actuator/health}. Thread-safe.
 */
public final class SluiceHubHealthIndicator implements HealthIndicator {
  private static final int MAX_DETAIL_CHARS = 200;

  private final URI healthz;
  private final Duration timeout;
  private final HttpClient http;

  public SluiceHubHealthIndicator(URI hub, Duration timeout) {
    this.healthz = requireNonNull(hub, "hub").resolve("/healthz");
    this.timeout = Backplane.positive(timeout, "sluice.hub.health-timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public Health health() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(healthz).timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body().strip().replaceAll("\\p{Cntrl}+", " ");
      Health.Builder health = response.statusCode() / 100 == 2 ? Health.up() : Health.down();
      health.withDetail("url", healthz.toString()).withDetail("status", response.statusCode());
      if (!body.isEmpty()) {
        health.withDetail("hub", body.length() > MAX_DETAIL_CHARS ? body.substring(0, MAX_DETAIL_CHARS) + "…" : body);
      }
      return health.build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.unknown().withDetail("url", healthz.toString()).build();
    } catch (Exception e) {
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Health.down().withDetail("url", healthz.toString()).withDetail("error", error).build();
    }
  }
}
