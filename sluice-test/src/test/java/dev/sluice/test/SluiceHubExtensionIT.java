package dev.sluice.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.publisher.Update;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SluiceHubExtension.class)
class SluiceHubExtensionIT {
  private static TestHub first;

  @BeforeAll
  static void remember(TestHub hub) {
    first = hub;
  }

  @Test
  void theHubIsUpOnLoopback(TestHub hub) throws Exception {
    assertThat(hub.url().getHost()).isEqualTo("127.0.0.1");
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(hub.origin().resolve("/healthz")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void everyParameterOfTheClassGetsTheSameHub(TestHub hub) {
    assertThat(hub).isSameAs(first);
  }

  @Test
  void theSecretIsNotInToString(TestHub hub) {
    assertThat(hub.toString()).doesNotContain(hub.secret()).contains(hub.url().toString());
  }

  @Test
  void aSubscriberReceivesWhatThePublisherPublishes(TestHub hub) throws Exception {
    String topic = "https://example.com/extension/" + System.nanoTime();
    try (TestSubscriber subscriber = hub.subscribe(topic)) {
      String id = hub.publisher().publish(Update.builder().topic(topic).data("private").privateUpdate(true).build());
      ServerSentEvent event = subscriber.next();
      assertThat(event.id()).contains(id);
      assertThat(event.data()).isEqualTo("private");
    }
  }

  @Nested
  class Nested_ {
    @Test
    void sharesTheOuterClassHub(TestHub hub) {
      assertThat(hub).isSameAs(first);
    }
  }
}
