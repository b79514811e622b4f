package dev.sluice.hub.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ServerSentEvent;
import dev.sluice.publisher.BadUpdateException;
import dev.sluice.publisher.ForbiddenException;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.Tokens;
import dev.sluice.publisher.UnauthorizedException;
import dev.sluice.publisher.Update;
import dev.sluice.publisher.UpdateTooLargeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishes to a real Sluice hub on loopback and reads the result with the real client. */
class HubPublisherIT {
  private static EmbeddedHub hub;

  @BeforeAll
  static void startHub() {
    hub = EmbeddedHub.start();
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @Test
  void aSubscriberReceivesThePublishedUpdateUnderTheReturnedId() throws Exception {
    try (EmbeddedHub.Subscriber subscriber = hub.subscribe("https://example.com/books/1", Map.of())) {
      String id = hub.publisher().build().publish(Update.builder()
          .topic("https://example.com/books/1")
          .data("{\"title\":\"Dune\"}\nsecond line")
          .type("book")
          .build());
      ServerSentEvent event = subscriber.next();
      assertThat(event.id()).contains(id);
      assertThat(event.type()).isEqualTo("book");
      assertThat(event.data()).isEqualTo("{\"title\":\"Dune\"}\nsecond line");
    }
  }

  @Test
  void theHubStoresTheIdThePublisherGenerated() {
    String id = hub.publisher().build().publish(Update.of("https://example.com/ids", "x"));
    assertThat(id).startsWith("urn:uuid:");
    assertThat(UUID.fromString(id.substring("urn:uuid:".length())).version()).isEqualTo(7);
  }

  @Test
  void aGivenIdIsKept() {
    String given = "urn:uuid:" + UUID.randomUUID();
    assertThat(hub.publisher().build().publish(
        Update.builder().topic("https://example.com/ids").id(given).build())).isEqualTo(given);
  }

  @Test
  void alternateTopicsReachTheirSubscribers() throws Exception {
    try (EmbeddedHub.Subscriber subscriber = hub.subscribe("https://example.com/users/42/books/7", Map.of())) {
      String id = hub.publisher().build().publish(Update.builder()
          .topic("https://example.com/books/7").topic("https://example.com/users/42/books/7")
          .data("seven").build());
      assertThat(subscriber.next().id()).contains(id);
    }
  }

  @Test
  void privateUpdatesReachOnlyAuthorizedSubscribers() throws Exception {
    String topic = "https://example.com/users/42";
    String token = EmbeddedHub.TOKENS.subscriber("publisher-it", topic);
    try (EmbeddedHub.Subscriber anonymous = hub.subscribe(topic, Map.of());
        EmbeddedHub.Subscriber authorized = hub.subscribe(topic, Map.of("Authorization", "Bearer " + token))) {
      HubPublisher publisher = hub.publisher().build();
      String secret = publisher.publish(Update.builder().topic(topic).data("secret").privateUpdate(true).build());
      String open = publisher.publish(Update.builder().topic(topic).data("public").build());
      assertThat(authorized.next().id()).contains(secret);
      assertThat(authorized.next().id()).contains(open);
      // The anonymous subscriber's first event is the public one: the private one was never sent.
      assertThat(anonymous.next().id()).contains(open);
    }
  }

  @Test
  void publishesAsynchronously() throws Exception {
    try (EmbeddedHub.Subscriber subscriber = hub.subscribe("https://example.com/async", Map.of())) {
      String id = hub.publisher().build()
          .publishAsync(Update.of("https://example.com/async", "later"))
          .get(30, TimeUnit.SECONDS);
      assertThat(subscriber.next().id()).contains(id);
    }
  }

  @Test
  void noTokenIs401WithTheHubsReason() {
    HubPublisher publisher = HubPublisher.builder(hub.url()).build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/x", "x")))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
          assertThat(e.status()).contains(401);
          assertThat(e.reason()).isNotBlank();
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e.getMessage()).startsWith("hub answered 401: ").contains(e.reason());
        });
  }

  @Test
  void aTokenSignedWithAnotherKeyIs401() {
    String forged = Tokens.hs256("another-secret-that-is-also-32-bytes-long")
        .issuer(EmbeddedHub.ISSUER).audience(EmbeddedHub.AUDIENCE).publisher("*");
    HubPublisher publisher = HubPublisher.builder(hub.url()).token(forged).build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/x", "x")))
        .isInstanceOfSatisfying(UnauthorizedException.class,
            e -> assertThat(e.reason()).isNotBlank());
  }

  @Test
  void aTokenForOtherTopicsIs403WithTheHubsReason() {
    HubPublisher publisher = HubPublisher.builder(hub.url())
        .token(EmbeddedHub.TOKENS.publisher("https://example.com/only-this")).build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/other", "x")))
        .isInstanceOfSatisfying(ForbiddenException.class, e -> {
          assertThat(e.status()).contains(403);
          assertThat(e.reason()).isNotBlank();
        });
  }

  @Test
  void anIdTheHubRefusesIs400WithTheHubsReason() {
    // Update.Builder checks ids it is given; a custom generator is trusted, so the hub decides.
    HubPublisher publisher = hub.publisher().idGenerator(() -> "#not-an-allowed-id").build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/x", "x")))
        .isInstanceOfSatisfying(BadUpdateException.class, e -> {
          assertThat(e.status()).contains(400);
          assertThat(e.reason()).contains("invalid id");
          assertThat(e.attempts()).isEqualTo(1);
        });
  }

  @Test
  void aTopicInTheHubsNamespaceIsRefusedWithTheHubsReason() {
    // Mercure 1.0 says 400; today's hub answers 403. Either way: refused, reason given, no retry.
    HubPublisher publisher = hub.publisher().build();
    assertThatThrownBy(() -> publisher.publish(Update.of(hub.url() + "/subscriptions/forged", "x")))
        .isInstanceOfAny(BadUpdateException.class, ForbiddenException.class)
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.reason()).contains("reserved namespace");
          assertThat(e.attempts()).isEqualTo(1);
        });
  }

  @Test
  void anUpdateLargerThanTheHubTakesIs413() {
    HubPublisher publisher = hub.publisher().requestTimeout(EmbeddedHub.generous()).build();
    String large = "x".repeat(2 * 1024 * 1024);
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/large", large)))
        .isInstanceOfSatisfying(UpdateTooLargeException.class, e -> {
          assertThat(e.status()).contains(413);
          assertThat(e.attempts()).isEqualTo(1);
        });
  }

  @Test
  void theSyncCallThrowsOnTheCallersThreadWithTheSameValues() {
    HubPublisher publisher = HubPublisher.builder(hub.url()).requestTimeout(Duration.ofSeconds(30)).build();
    assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/x", "x")))
        .isInstanceOf(UnauthorizedException.class)
        .satisfies(e -> assertThat(e.getStackTrace()).anySatisfy(frame -> {
          assertThat(frame.getClassName()).isEqualTo(HubPublisher.class.getName());
          assertThat(frame.getMethodName()).isEqualTo("publish");
        }))
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }
}
