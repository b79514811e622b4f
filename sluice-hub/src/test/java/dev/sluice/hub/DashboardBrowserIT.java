package dev.sluice.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.Chromium;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium: the dashboard chart labels its axes with values and times of
 * day, and the browser's icon request gets an icon.
 */
class DashboardBrowserIT {
  private static Hub hub;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    chromium = Chromium.start();
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).build());
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static JavascriptExecutor page() {
    return chromium.driver;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRateChartHasAValueAxisAndATimeAxis() {
    chromium.driver.get("http://127.0.0.1:" + hub.port() + "/");
    // Record what the chart writes: canvas text cannot be read back from its pixels.
    page().executeScript("window.texts = [];"
        + "const fillText = CanvasRenderingContext2D.prototype.fillText;"
        + "CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {"
        + "  window.texts.push(String(text)); return fillText.call(this, text, ...rest); };");
    // The chart redraws on every stats event (one a second): wait for a full drawing.
    new WebDriverWait(chromium.driver, Duration.ofSeconds(20)).until(d -> ((List<String>)
        page().executeScript("return window.texts")).stream().anyMatch(t -> t.startsWith("publishes/s")));
    List<String> texts = (List<String>) page().executeScript("return window.texts");

    assertThat(texts).as("value axis: 0, half and top of an idle hub's 0–10 scale").contains("0", "5", "10");
    assertThat(texts).as("time axis: a time of day every 30 s of the two-minute window")
        .filteredOn(t -> t.matches(".*\\d{1,2}:\\d{2}:\\d{2}.*")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(texts).anyMatch(t -> t.startsWith("deliveries/s "));
  }

  @Test
  void theIconAnswersOnTheRootAndWhereThePageLinksIt() {
    chromium.driver.get("http://127.0.0.1:" + hub.port() + "/");
    Object answers = page().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const linked = document.querySelector('link[rel=icon]').href;"
        + "Promise.all(['/favicon.ico', linked].map(u => fetch(u).then(r => r.status + ' '"
        + "  + r.headers.get('content-type')))).then(done, e => done(String(e)));");
    assertThat(answers).isEqualTo(List.of("200 image/x-icon", "200 image/x-icon"));
  }
}
