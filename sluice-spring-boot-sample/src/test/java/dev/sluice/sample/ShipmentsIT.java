package dev.sluice.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.Hub;
import dev.sluice.hub.testing.Nodes;
import dev.sluice.postgres.PostgresServer;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample's {@link Shipments} on a real PostgreSQL shared with a hub node on the PostgreSQL
 * transport: a {@code @Transactional} method writes a row and publishes with {@code JdbcPublisher};
 * a rolled-back call delivers nothing and leaves no row, a committed one reaches the hub's
 * subscriber.
 */
class ShipmentsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static PostgresServer postgres;
  private static Hub hub;
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.startFresh();
    hub = Nodes.start(postgres.uri()); // Installs the schema and sluice.publish.
    app = new SpringApplicationBuilder(SampleApplication.class).run(
        "--spring.main.web-application-type=none",
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN",
        "--sluice.hub.url=" + hub.url(),
        "--sluice.jwt.secret=" + Nodes.SECRET,
        "--sluice.jwt.issuer=" + Nodes.ISSUER,
        "--sluice.jwt.audience=" + Nodes.AUDIENCE,
        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + PostgresServer.DATABASE,
        "--spring.datasource.username=" + PostgresServer.USER,
        "--spring.datasource.password=" + PostgresServer.PASSWORD,
        "--spring.datasource.type=org.postgresql.ds.PGSimpleDataSource");
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.close();
    Nodes.stop(hub);
    if (postgres != null) postgres.close();
  }

  @Test
  void aRolledBackShipmentIsNeverDeliveredAndACommittedOneReachesTheHubsSubscriber() throws Exception {
    Shipments shipments = app.getBean(Shipments.class);
    try (SseClient subscriber = Nodes.subscribe(hub, SampleApplication.SHIPMENTS)) {
      assertThatThrownBy(() -> shipments.ship(1, true)).isInstanceOf(Shipments.CarrierRefusedException.class);
      String id = shipments.ship(2, false);
      // Published after both calls returned: it arrives after the committed shipment, and nothing
      // from the rolled-back one arrives in between or before.
      String marker = Nodes.published(hub, SampleApplication.SHIPMENTS, "marker");

      ServerSentEvent first = subscriber.nextEvent(WAIT);
      assertThat(first.data()).isEqualTo("{\"order\":2}");
      assertThat(first.type()).isEqualTo("shipment");
      assertThat(first.id()).contains(id);
      assertThat(subscriber.nextEvent(WAIT).id()).contains(marker);
      assertThat(shipments.shipped()).containsExactly(2L);
    }
  }
}
