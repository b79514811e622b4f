package dev.sluice.sample;

import dev.sluice.publisher.JdbcPublisher;
import dev.sluice.publisher.Update;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ships an order and publishes the shipment <em>inside the same database transaction</em>: the row
 * and the update commit together or not at all, so there is no dual write to get wrong. Needs the
 * hub on the PostgreSQL transport and the same database as the application
 * ({@code --spring.datasource.url=jdbc:postgresql://…}, {@code spring.datasource.type=
 * org.postgresql.ds.PGSimpleDataSource}); the hub installed {@code sluice.publish}, and
 * {@link JdbcPublisher} calls it on the transaction's connection.
 *
 * <p>Compare {@link Orders}, which publishes over HTTP after the commit: that needs no shared
 * database, but a crash between the commit and the publish loses the announcement.
 */
@Service
@ConditionalOnProperty("spring.datasource.url")
public class Shipments {
  private final JdbcTemplate jdbc;
  private final JdbcPublisher publisher = JdbcPublisher.create();

  Shipments(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    jdbc.execute("CREATE TABLE IF NOT EXISTS shipments (order_id bigint PRIMARY KEY, "
        + "shipped_at timestamptz NOT NULL DEFAULT now())");
  }

  /**
   * Records the shipment of {@code orderId} and publishes it; {@code carrierRefuses} fails after
   * both, which rolls both back.
   *
   * @return the update's event id (subscribers see it once the transaction commits)
   * @throws CarrierRefusedException when {@code carrierRefuses}
   */
  @Transactional
  public String ship(long orderId, boolean carrierRefuses) {
    jdbc.update("INSERT INTO shipments (order_id) VALUES (?)", orderId);
    // JdbcTemplate hands the callback the transaction's own connection.
    String id = jdbc.execute((ConnectionCallback<String>) connection -> publisher.publish(connection,
        Update.builder().topic(SampleApplication.SHIPMENTS).type("shipment")
            .data("{\"order\":" + orderId + "}").build()));
    if (carrierRefuses) {
      throw new CarrierRefusedException(orderId);
    }
    return id;
  }

  /** The orders whose shipment committed. */
  public List<Long> shipped() {
    return jdbc.queryForList("SELECT order_id FROM shipments ORDER BY order_id", Long.class);
  }

  /** The carrier refused the parcel; the shipment's transaction rolls back. */
  public static final class CarrierRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CarrierRefusedException(long orderId) {
      super("carrier refused order " + orderId);
    }
  }
}
