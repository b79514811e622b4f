package dev.sluice.hub;

import dev.sluice.server.testing.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium: pages subscribe with a plain {@code EventSource}, another page publishes
 * with {@code fetch}. Pages are served by the hub itself, so no CORS is involved.
 */
@ExtendWith(LeakCheck.class)
class BrowserIT {
  private static final String TOPIC = "https://example.com/browser/1";
  @TempDir static Path profile;
  private static Hub hub;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    hub = HubFixture.start(HubConfig.builder().store(HubConfig.Store.MEMORY).build());
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath());
    browser = new ChromeDriver(options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + hub.port();
  }

  /**
   * Opens a tab on the hub's page subscribed to TOPIC; returns its window handle. Without a token,
   * an EventSource; with one, fetch() with an Authorization header, as Mercure 1.0 recommends
   * (tokens never go in the URL, and EventSource cannot set headers).
   */
  private static String subscriberTab(String token) {
    browser.switchTo().newWindow(WindowType.TAB);
    browser.get(base() + "/");
    ((JavascriptExecutor) browser).executeScript(
        "window.received = []; window.opened = false;"
            + "const url = '/.well-known/mercure?match=' + encodeURIComponent(arguments[0]);"
            + "if (!arguments[1]) {"
            + "  const es = new EventSource(url);"
            + "  es.onopen = () => { window.opened = true; };"
            + "  es.onmessage = (e) => window.received.push(e.data);"
            + "} else {"
            + "  fetch(url, { headers: { 'Authorization': 'Bearer ' + arguments[1] } }).then(async r => {"
            + "    window.opened = r.ok; const reader = r.body.getReader(); const dec = new TextDecoder();"
            + "    let buf = '';"
            + "    for (;;) { const { value, done } = await reader.read(); if (done) return;"
            + "      buf += dec.decode(value, { stream: true }); let i;"
            + "      while ((i = buf.indexOf('\\n\\n')) >= 0) { const block = buf.slice(0, i); buf = buf.slice(i + 2);"
            + "        const data = block.split('\\n').filter(l => l.startsWith('data:'))"
            + "          .map(l => l.slice(5).replace(/^ /, '')).join('\\n');"
            + "        if (block.split('\\n').some(l => l.startsWith('data:'))) window.received.push(data); } } });"
            + "}",
        TOPIC, token);
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
        Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.opened")));
    return browser.getWindowHandle();
  }

  @SuppressWarnings("unchecked")
  private static List<String> receivedIn(String window, int atLeast) {
    browser.switchTo().window(window);
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((List<String>)
        ((JavascriptExecutor) d).executeScript("return window.received")).size() >= atLeast);
    return (List<String>) ((JavascriptExecutor) browser).executeScript("return window.received");
  }

  @Test
  void eventSourceReceivesWhatFetchPublishesAndPrivateUpdatesOnlyWithAToken() {
    assertThat(Files.isExecutable(Path.of("/usr/bin/chromium"))).as("Debian chromium installed").isTrue();
    String anonymous = subscriberTab(null);
    String authorized = subscriberTab(Tokens.subscriber(TOPIC));

    browser.switchTo().newWindow(WindowType.TAB);
    browser.get(base() + "/");
    Object statuses = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const post = (fields) => fetch('/.well-known/mercure', { method: 'POST',"
            + "  headers: { 'Authorization': 'Bearer ' + arguments[0],"
            + "             'Content-Type': 'application/x-www-form-urlencoded' },"
            + "  body: new URLSearchParams(fields) }).then(r => r.status);"
            + "post({ topic: arguments[1], data: 'secret', private: 'on' })"
            + "  .then(a => post({ topic: arguments[1], data: 'hello' }).then(b => done([a, b])));",
        HubFixture.PUBLISHER, TOPIC);
    assertThat(statuses).isEqualTo(List.of(200L, 200L));

    // Updates arrive in order: had the private one reached the anonymous page, it would come first.
    assertThat(receivedIn(anonymous, 1)).containsExactly("hello");
    assertThat(receivedIn(authorized, 2)).containsExactly("secret", "hello");
  }

  @Test
  void theUiSubscriberConsoleSendsItsTokenInTheHeaderAndShowsPrivateUpdates() {
    browser.switchTo().newWindow(WindowType.TAB);
    // Other tests' tabs hold streams open; Chromium allows six HTTP/1.1 connections per host.
    String mine = browser.getWindowHandle();
    for (String handle : browser.getWindowHandles()) {
      if (!handle.equals(mine)) {
        browser.switchTo().window(handle).close();
      }
    }
    browser.switchTo().window(mine);
    browser.get(base() + "/");
    String topic = "https://example.com/ui-console";
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("const f = document.getElementById('subscribe-form');"
        + "f.match.value = arguments[0]; f.token.value = arguments[1];"
        + "f.querySelector('button[type=submit]').click();", topic, Tokens.subscriber(topic));
    new WebDriverWait(browser, Duration.ofSeconds(10)).withMessage(() -> "console state: "
        + js.executeScript("return document.getElementById('subscribe-state').textContent"))
        .until(d -> "subscribed".equals(
            js.executeScript("return document.getElementById('subscribe-state').textContent")));
    Object status = js.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/.well-known/mercure', { method: 'POST', headers: { 'Authorization': 'Bearer ' + arguments[0],"
            + "  'Content-Type': 'application/x-www-form-urlencoded' },"
            + "  body: new URLSearchParams({ topic: arguments[1], data: 'for the console', private: 'on' }) })"
            + "  .then(r => done(r.status));",
        HubFixture.PUBLISHER, topic);
    assertThat(status).isEqualTo(200L);
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> String.valueOf(
        js.executeScript("return document.getElementById('events').textContent")).contains("for the console"));
    browser.get("about:blank"); // Frees this tab's connections for the other tests.
  }
}
