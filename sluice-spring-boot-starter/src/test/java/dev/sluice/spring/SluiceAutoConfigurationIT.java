package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.Update;
import dev.sluice.test.SluiceHubExtension;
import dev.sluice.test.TestHub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.BaseSubscriber;

/** The auto-configuration against a real hub started by {@link SluiceHubExtension}. */
@ExtendWith(SluiceHubExtension.class)
class SluiceAutoConfigurationIT {
  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private static TestHub hub;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SluiceAutoConfiguration.class,
          SluiceMetricsAutoConfiguration.class, SluiceHealthAutoConfiguration.class));

  @BeforeAll
  static void hub(TestHub testHub) {
    hub = testHub;
  }

  private ApplicationContextRunner withHub() {
    return runner.withPropertyValues("sluice.hub.url=" + hub.url(), "sluice.jwt.secret=" + hub.secret(),
        "sluice.jwt.issuer=" + TestHub.ISSUER, "sluice.jwt.audience=" + TestHub.AUDIENCE);
  }

  @Test
  void withoutAHubUrlNothingIsConfigured() {
    runner.run(context -> assertThat(context).doesNotHaveBean(HubPublisher.class)
        .doesNotHaveBean(SluicePublisher.class).doesNotHaveBean(SluiceFlux.class));
  }

  @Test
  void aMintedDraft08TokenPublishesAndTheBackplaneReceivesPrivateUpdates() {
    withHub().run(context -> {
      String topic = "https://example.com/minted/" + System.nanoTime();
      try (Recorder recorder = new Recorder(context.getBean(HubSubscriptions.class), topic, null)) {
        String id = context.getBean(SluicePublisher.class)
            .publish(Update.builder().topic(topic).data("line 1\nline 2").privateUpdate(true).build());
        ServerSentEvent event = recorder.next();
        assertThat(event.id()).contains(id);
        assertThat(event.data()).isEqualTo("line 1\nline 2");
      }
    });
  }

  @Test
  void aFixedTokenIsUsedAsGiven() {
    runner.withPropertyValues("sluice.hub.url=" + hub.url(), "sluice.publisher.token=" + hub.publisherToken())
        .run(context -> assertThat(context.getBean(SluicePublisher.class)
            .publish(Update.of("https://example.com/fixed", "x"))).startsWith("urn:uuid:"));
  }

  @Test
  void publishesAndFailuresAreCountedInTheApplicationsRegistry() {
    withHub().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("sluice.publisher.max-attempts=1")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(SluiceMeters.class).bindTo(registry); // Boot's registry post-processor is not in this slice.
          SluicePublisher publisher = context.getBean(SluicePublisher.class);
          publisher.publish(Update.of("https://example.com/counted", "1"));
          publisher.publishAsync(Update.of("https://example.com/counted", "2")).get(30, TimeUnit.SECONDS);
          assertThat(registry.get("sluice.publisher.updates").tag("outcome", "published").functionCounter().count())
              .isEqualTo(2);
          assertThat(registry.get("sluice.publisher.attempts").functionCounter().count()).isEqualTo(2);
          assertThat(registry.get("sluice.sse.subscriptions").gauge().value()).isZero();
        });
  }

  @Test
  void aRefusedPublishIsCountedAsFailedWithTheHubsReason() {
    runner.withPropertyValues("sluice.hub.url=" + hub.url()) // No token: the hub answers 401.
        .run(context -> {
          SluicePublisher publisher = context.getBean(SluicePublisher.class);
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.publish(Update.of("https://example.com/refused", "x")))
              .isInstanceOf(dev.sluice.publisher.UnauthorizedException.class);
          assertThat(publisher.counters().failed()).isEqualTo(1);
          assertThat(publisher.counters().retries()).isZero();
        });
  }

  @Test
  void mercure10TokensNeedIssuerAndAudienceAtStartup() {
    runner.withPropertyValues("sluice.hub.url=" + hub.url(), "sluice.jwt.secret=" + hub.secret()).run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("sluice.jwt.issuer"));
  }

  @Test
  void healthIsUpWhenTheHubAnswersAndDownWhenNothingListens() throws Exception {
    withHub().run(context -> assertThat(context.getBean(SluiceHubHealthIndicator.class).health().getStatus())
        .isEqualTo(Status.UP));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    runner.withPropertyValues("sluice.hub.url=http://127.0.0.1:" + closedPort + "/.well-known/mercure")
        .run(context -> {
          var health = context.getBean(SluiceHubHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsKey("error");
        });
  }

  @Test
  void theFluxReplaysAfterLastEventIdAndClosesItsHubSubscriptionWhenCancelled() {
    withHub().run(context -> {
      String topic = "https://example.com/flux/" + System.nanoTime();
      SluicePublisher publisher = context.getBean(SluicePublisher.class);
      String first = publisher.publish(Update.of(topic, "1"));
      String second = publisher.publish(Update.of(topic, "2"));
      String third = publisher.publish(Update.of(topic, "3"));
      HubSubscriptions subscriptions = context.getBean(HubSubscriptions.class);
      var events = context.getBean(SluiceFlux.class).flux(topic, first)
          .filter(e -> e.data() != null)
          .take(2)
          .collectList()
          .block(GENEROUS);
      assertThat(events).extracting(org.springframework.http.codec.ServerSentEvent::id).containsExactly(second, third);
      assertThat(events).extracting(org.springframework.http.codec.ServerSentEvent::data).containsExactly("2", "3");
      assertThat(subscriptions.awaitNoneOpen(GENEROUS)).isTrue();
    });
  }

  @Test
  void aFluxWhoseBrowserFallsBehindClosesItsHubSubscriptionInsteadOfBufferingWithoutBound() {
    withHub().withPropertyValues("sluice.sse.buffer-size=2", "sluice.sse.heartbeat=1h").run(context -> {
      String topic = "https://example.com/slow/" + System.nanoTime();
      SluicePublisher publisher = context.getBean(SluicePublisher.class);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(publisher.publish(Update.of(topic, "event " + i)));
      }
      List<String> received = new CopyOnWriteArrayList<>();
      CompletableFuture<String> ended = new CompletableFuture<>();
      // A browser that takes one event and then reads nothing while nine are replayed.
      BaseSubscriber<org.springframework.http.codec.ServerSentEvent<String>> slowBrowser = new BaseSubscriber<>() {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
          subscription.request(1);
        }

        @Override
        protected void hookOnNext(org.springframework.http.codec.ServerSentEvent<String> event) {
          received.add(event.id());
        }

        @Override
        protected void hookOnComplete() {
          ended.complete("completed");
        }

        @Override
        protected void hookOnError(Throwable error) {
          ended.complete("error: " + error);
        }
      };
      context.getBean(SluiceFlux.class).flux(topic, ids.get(0)).subscribe(slowBrowser);
      // The buffer overflows: the hub subscription closes instead of the instance buffering on.
      assertThat(context.getBean(HubSubscriptions.class).awaitNoneOpen(GENEROUS)).isTrue();
      assertThat(received).containsExactly(ids.get(1));
      // When the browser reads again it gets what was buffered, then the end of the stream; it
      // reconnects with the last id it got and the hub replays the rest.
      slowBrowser.request(100);
      assertThat(ended.get(30, TimeUnit.SECONDS)).isEqualTo("completed");
      assertThat(received).hasSizeLessThanOrEqualTo(1 + 1 + 2) // The first, merge's prefetch of 1, buffer-size 2.
          .containsExactlyElementsOf(ids.subList(1, 1 + received.size()));
    });
  }

  /** Records one hub subscription's events through the starter's {@link HubSubscriptions}. */
  private static final class Recorder implements EventSourceListener, AutoCloseable {
    final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    final CountDownLatch opened = new CountDownLatch(1);
    final EventSource source;

    Recorder(HubSubscriptions subscriptions, String topic, String lastEventId) throws InterruptedException {
      source = subscriptions.open(topic, lastEventId, this);
      assertThat(opened.await(30, TimeUnit.SECONDS)).as("hub subscription opened").isTrue();
    }

    @Override
    public void onOpen() {
      opened.countDown();
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      events.add(event);
    }

    ServerSentEvent next() throws InterruptedException {
      ServerSentEvent event = events.poll(30, TimeUnit.SECONDS);
      assertThat(event).as("an event within 30 s").isNotNull();
      return event;
    }

    @Override
    public void close() {
      source.close();
    }
  }
}
