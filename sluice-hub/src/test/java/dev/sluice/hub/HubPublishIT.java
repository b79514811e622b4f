package dev.sluice.hub;

import static dev.sluice.hub.HubFixture.q;
import static dev.sluice.hub.HubFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.ServerSentEvent;
import dev.sluice.publisher.BadUpdateException;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.PublishException;
import dev.sluice.publisher.RetryPolicy;
import dev.sluice.publisher.Update;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Hub#publish(Update)}: the application's own publishes, in-process, with the publisher's
 * {@code Update}; checked against what the same update gets over HTTP from a {@code HubPublisher}.
 */
class HubPublishIT {
  private static Hub hub;
  private static HubPublisher overHttp;

  @BeforeAll
  static void startHub() {
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).build());
    overHttp = HubPublisher.builder(hub.url()).token(HubFixture.PUBLISHER).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @Test
  void returnsTheStoredIdAndSubscribersGetTheUpdateAsIfItHadBeenPosted() throws Exception {
    String topic = "https://example.com/in-process/1";
    try (SseClient subscriber = subscribe(hub, "match=" + q(topic))) {
      String generated = hub.publish(Update.builder().topic(topic).data("line 1\nline 2").type("note")
          .retry(Duration.ofMillis(1500)).build());
      String chosen = hub.publish(Update.builder().topic(topic).data("2").id("my-id-2").build());

      assertThat(generated).startsWith("urn:uuid:");
      assertThat(chosen).isEqualTo("my-id-2");
      ServerSentEvent first = subscriber.nextEvent();
      assertThat(first.id()).contains(generated);
      assertThat(first.type()).isEqualTo("note");
      assertThat(first.data()).isEqualTo("line 1\nline 2");
      assertThat(subscriber.nextEvent().id()).contains("my-id-2");
    }
    // Stored, not only dispatched: replay after the first id returns the second.
    try (SseClient late = subscribe(hub, "match=" + q(topic) + "&last_event_id=my-id-2")) {
      String third = hub.publishAsync(Update.of(topic, "3")).get(30, TimeUnit.SECONDS);
      assertThat(late.nextEvent().id()).contains(third);
    }
  }

  @Test
  void privateUpdatesReachOnlySubscribersAllowedTheirTopic() throws Exception {
    String topic = "https://example.com/in-process/private";
    try (SseClient anonymous = subscribe(hub, "match=" + q(topic));
        SseClient allowed = subscribe(hub, "match=" + q(topic),
            java.util.Map.of("Authorization", "Bearer " + Tokens.subscriber(topic)))) {
      hub.publish(Update.builder().topic(topic).data("secret").privateUpdate(true).build());
      String open = hub.publish(Update.of(topic, "public"));
      assertThat(allowed.nextData(2, Duration.ofSeconds(30))).containsExactly("secret", "public");
      assertThat(anonymous.nextEvent().id()).contains(open);
    }
  }

  @Test
  void refusesWhatAPostIsRefusedWithTheSameExceptionAndReason() {
    Update reserved = Update.of(hub.url() + "/subscriptions/forged", "the hub's own namespace");
    PublishException inProcess = catchThrowableOfType(() -> hub.publish(reserved), PublishException.class);
    PublishException posted = catchThrowableOfType(() -> overHttp.publish(reserved), PublishException.class);

    assertThat(inProcess).isInstanceOf(BadUpdateException.class).isExactlyInstanceOf(posted.getClass());
    assertThat(inProcess.status()).contains(400).isEqualTo(posted.status());
    assertThat(inProcess.reason()).isEqualTo(posted.reason()).contains("reserved namespace");
  }

  @Test
  void checksTheFieldsAsThePostParserDoes() {
    // A lone surrogate cannot travel in a form (it is encoded as '?'), but a String can hold one:
    // the hub's own field checks, not only the Update builder's, see every in-process update.
    assertThatThrownBy(() -> hub.publish(Update.of("https://example.com/\uD800", "x")))
        .isInstanceOf(BadUpdateException.class).hasMessage("hub answered 400: invalid topic: empty, or has control or format characters");
    assertThatThrownBy(() -> hub.publish(Update.of("https://example.com/ok", "half a pair \uDC00")))
        .isInstanceOf(BadUpdateException.class).hasMessageContaining("data is not valid UTF-8");
  }

  @Test
  void aHubThatIsNotRunningSaysSo() {
    Hub idle = Hub.create(HubConfig.builder().port(0).bindAddress("127.0.0.1").store(HubConfig.Store.MEMORY).build());
    assertThatThrownBy(() -> idle.publish(Update.of("https://example.com/t", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    idle.start().close();
    assertThatThrownBy(() -> idle.publish(Update.of("https://example.com/t", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessage("hub stopped");
  }
}
