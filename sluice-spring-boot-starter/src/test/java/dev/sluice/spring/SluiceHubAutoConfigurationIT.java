package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hub.Hub;
import dev.sluice.publisher.Update;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code sluice.hub.enabled=true}: a real hub inside the application context, on loopback. */
class SluiceHubAutoConfigurationIT {
  private static final String SECRET = "sluice-starter-embedded-hub-secret-32-bytes+";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SluiceHubAutoConfiguration.class, SluiceAutoConfiguration.class,
          SluiceMetricsAutoConfiguration.class));

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anEmbeddedHubTakesTheApplicationsPublishesAndCountsThemInTheApplicationsRegistry() throws Exception {
    int port = freePort();
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("sluice.hub.enabled=true", "sluice.hub.port=" + port, "sluice.hub.store=memory",
            "sluice.hub.url=http://127.0.0.1:" + port + "/.well-known/mercure", "sluice.jwt.secret=" + SECRET,
            "sluice.jwt.issuer=https://app.sluice.test")
        .run(context -> {
          Hub hub = context.getBean(Hub.class);
          assertThat(hub.port()).isEqualTo(port);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(hub.meterRegistry()).as("the hub's meters live in the application's registry").isSameAs(registry);
          context.getBean(SluiceMeters.class).bindTo(registry); // Boot's registry post-processor is not in this slice.

          String id = context.getBean(SluicePublisher.class).publish(Update.of("https://example.com/embedded", "x"));

          assertThat(id).startsWith("urn:uuid:");
          assertThat(registry.get("sluice.hub.updates.published").functionCounter().count()).isEqualTo(1);
          assertThat(registry.get("sluice.publisher.updates").tag("outcome", "published").functionCounter().count())
              .isEqualTo(1);
          // Its own port, its own health: the application's server is not involved.
          HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(health.statusCode()).isEqualTo(200);
        });
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).as("the hub released its port when the context closed").isEqualTo(port);
    }
  }

  @Test
  void withoutASecretTheApplicationFailsToStartSayingWhichPropertyIsMissing() {
    runner.withPropertyValues("sluice.hub.enabled=true", "sluice.hub.port=0", "sluice.hub.store=memory")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("sluice.hub.enabled=true needs sluice.jwt.secret"));
  }

  @Test
  void withoutEnabledThereIsNoEmbeddedHub() {
    runner.withPropertyValues("sluice.hub.port=0", "sluice.jwt.secret=" + SECRET)
        .run(context -> assertThat(context).doesNotHaveBean(Hub.class));
  }
}
