package dev.sluice.sample;

import dev.sluice.server.testing.Chromium;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.Update;
import dev.sluice.spring.HubSubscriptions;
import dev.sluice.test.SluiceHubExtension;
import dev.sluice.test.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One real browser page on the sample's own SSE endpoint, behind a load balancer (a loopback TCP
 * proxy) in front of two instances: the first Spring MVC, the second WebFlux, the same URL on both.
 * The first instance stops mid-stream; updates are published while the browser has no instance;
 * the browser reconnects to the second with its Last-Event-ID, and the page ends up with every id
 * exactly once, in order.
 */
@ExtendWith(SluiceHubExtension.class)
class BrowserResumeIT {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @Test
  void thePageResumesOnTheOtherInstanceWithNoLostOrRepeatedId(TestHub hub) throws Exception {
    HubPublisher publisher = hub.publisher();
    List<String> published = new ArrayList<>();
    try (Chromium chromium = Chromium.start();
        SwitchingProxy proxy = new SwitchingProxy();
        Instance mvc = Instance.start(hub, "servlet");
        Instance webflux = Instance.start(hub, "reactive")) {
      proxy.forwardTo(mvc.port());
      chromium.driver.get("http://127.0.0.1:" + proxy.port() + "/");
      JavascriptExecutor page = chromium.driver;

      // The page's first request carries no Last-Event-ID, so it gets live updates only: publish
      // until one arrives, which shows the instance's hub subscription is open.
      for (int attempt = 0; received(page).isEmpty(); attempt++) {
        assertThat(attempt).as("attempts to reach the page; the page says: %s",
            page.executeScript("return document.body.innerText;")).isLessThan(60);
        published.add(publisher.publish(Update.of(SampleApplication.TICKS, "warm-up " + attempt)));
        waitQuietly(chromium, Duration.ofSeconds(1), () -> !received(page).isEmpty());
      }
      for (int i = 0; i < 5; i++) {
        published.add(publisher.publish(Update.of(SampleApplication.TICKS, "before " + i)));
      }
      String lastBeforeStop = published.get(published.size() - 1);
      new WebDriverWait(chromium.driver, GENEROUS).until(d -> received(page).contains(lastBeforeStop));

      // The first instance goes away mid-stream; the load balancer holds the browser's reconnect
      // while updates are published, then sends it to the WebFlux instance.
      HubSubscriptions mvcSubscriptions = mvc.bean(HubSubscriptions.class);
      proxy.hold();
      mvc.context.close();
      assertThat(mvcSubscriptions.awaitNoneOpen(GENEROUS))
          .as("the stopped instance closed its hub subscription").isTrue();
      for (int i = 0; i < 5; i++) {
        published.add(publisher.publish(Update.of(SampleApplication.TICKS, "between " + i)));
      }
      proxy.forwardTo(webflux.port());
      for (int i = 0; i < 5; i++) {
        published.add(publisher.publish(Update.of(SampleApplication.TICKS, "after " + i)));
      }
      String last = published.get(published.size() - 1);
      new WebDriverWait(chromium.driver, GENEROUS).until(d -> received(page).contains(last));

      List<String> ids = received(page);
      int first = published.indexOf(ids.get(0));
      assertThat(first).as("the first id the page received was published").isNotNegative();
      assertThat(ids).as("every id from the first received on, once, in order")
          .containsExactlyElementsOf(published.subList(first, published.size()));
      assertThat(((Number) page.executeScript("return window.sluiceErrors;")).intValue())
          .as("the page reconnected").isPositive();

      // The page closes its EventSource: the WebFlux instance notices (at the next heartbeat at the
      // latest) and closes its hub subscription.
      page.executeScript("window.sluiceSource.close();");
      assertThat(webflux.bean(HubSubscriptions.class).awaitNoneOpen(GENEROUS))
          .as("the hub subscription closed when the browser left").isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> received(JavascriptExecutor page) {
    return new ArrayList<>((List<String>) page.executeScript("return window.sluiceIds || [];"));
  }

  /** Waits up to {@code timeout} for {@code condition}; returns either way. */
  private static void waitQuietly(Chromium chromium, Duration timeout, java.util.function.BooleanSupplier condition) {
    try {
      new WebDriverWait(chromium.driver, timeout).until(d -> condition.getAsBoolean());
    } catch (org.openqa.selenium.TimeoutException e) {
      // Not yet: the caller publishes again.
    }
  }
}
