package dev.sluice.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose own SSE endpoint, {@code GET /ticks}, is backed by a Sluice hub:
 * run several instances behind one URL and a browser resumes on any of them without losing or
 * repeating an event. Spring MVC by default; WebFlux with {@code
 * --spring.main.web-application-type=reactive} (the same URL, served by {@link ReactiveTicks}).
 *
 * <pre>
 * sluice hub &amp;   # prints the key; then, per instance:
 * java -jar sluice-spring-boot-sample.jar --server.port=8081 \
 *   --sluice.hub.url=http://127.0.0.1:8080/.well-known/mercure --sluice.jwt.secret=$SLUICE_JWT_KEY
 * </pre>
 */
@SpringBootApplication
public class SampleApplication {
  /** The hub topic the sample streams. */
  public static final String TICKS = "https://sluice.dev/sample/ticks";
  /** The hub topic orders are announced on, after their transaction commits. */
  public static final String ORDERS = "https://sluice.dev/sample/orders";
  /** The hub topic shipments are published on, inside their database transaction. */
  public static final String SHIPMENTS = "https://sluice.dev/sample/shipments";

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
