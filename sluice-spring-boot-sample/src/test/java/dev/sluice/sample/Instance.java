package dev.sluice.sample;

import dev.sluice.test.TestHub;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One instance of the sample application on a free loopback port, connected to the test's hub. */
final class Instance implements AutoCloseable {
  final ConfigurableApplicationContext context;

  private Instance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** @param webType {@code servlet} (Spring MVC), {@code reactive} (WebFlux) or {@code none} */
  static Instance start(TestHub hub, String webType, String... extraProperties) {
    List<String> properties = new ArrayList<>(List.of(
        "server.address=127.0.0.1",
        "server.port=0",
        "spring.main.web-application-type=" + webType,
        "spring.main.banner-mode=off",
        "logging.level.root=WARN",
        "sluice.hub.url=" + hub.url(),
        "sluice.jwt.secret=" + hub.secret(),
        "sluice.jwt.issuer=" + TestHub.ISSUER,
        "sluice.jwt.audience=" + TestHub.AUDIENCE,
        "sluice.sse.reconnect-delay=200ms",
        "sluice.sse.heartbeat=1s"));
    properties.addAll(List.of(extraProperties));
    // Command-line arguments, not SpringApplicationBuilder.properties(): those are defaults, which
    // the sample's application.properties would override.
    return new Instance(new SpringApplicationBuilder(SampleApplication.class)
        .run(properties.stream().map(p -> "--" + p).toArray(String[]::new)));
  }

  int port() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
