package dev.sluice.demo;

import dev.sluice.server.testing.Chromium;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SseServer;
import dev.sluice.server.testing.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo pages in headless Chromium: every scenario's events arrive through the browser's own
 * {@code EventSource}, a chat message reaches a second window, the POST streams are read with fetch,
 * and the reconnect page resumes without losing or repeating an id.
 */
@ExtendWith(LeakCheck.class)
class DemoBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final DemoOptions OPTIONS = DemoOptions.builder().timeScale(0.02).build();

  private static Chromium chromium;
  private static SseServer server;
  private static String base;

  @BeforeAll
  static void start() {
    chromium = Chromium.start(); // Skips the class if Chromium is not installed.
    server = Demo.mount(SseServer.builder().bindAddress("127.0.0.1").port(0), OPTIONS).build();
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) chromium.close();
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void finiteScenariosDeliverEveryEventThenEnd() {
    ChromeDriver driver = open("/demo/");
    List<String> basic = new ArrayList<>();
    for (int i = 0; i < 10; i++) basic.add("message|Message " + i);
    assertThat(events(run(driver, "basic", 10, true))).isEqualTo(basic);
    assertThat(events(run(driver, "json", 5, true)))
        .allMatch(event -> event.matches("message\\|\\{\"id\":\\d,\"message\":\"Item \\d\",\"timestamp\":\"[-0-9T:.]+Z\"}"));
    assertThat(run(driver, "events", 7, true)).extracting(event -> event.get("type")).containsExactly(
        "start", "progress", "progress", "progress", "progress", "progress", "complete");
    assertThat(driver.findElement(By.cssSelector("#scenario-events progress")).getAttribute("value")).isEqualTo("100");
    List<Map<String, Object>> updates = run(driver, "multifield", 5, true);
    assertThat(updates).extracting(event -> event.get("id")).containsExactly("0", "1", "2", "3", "4");
    assertThat(updates).allSatisfy(event -> {
      assertThat(event.get("type")).isEqualTo("update");
      assertThat(((String) event.get("data")).split("\n")).hasSize(3); // Three data: lines, joined by the browser.
    });
    List<Map<String, Object>> api = run(driver, "api", 12, true);
    assertThat(api.subList(10, 12)).extracting(event -> event.get("type")).containsExactly("custom-event", "message");
    assertThat((String) api.get(11).get("data")).contains("\"type\":\"end\"");
  }

  @Test
  void endlessScenariosStreamUntilThePageStopsThem() {
    ChromeDriver driver = open("/demo/");
    assertThat(events(stopAfter(driver, "clock", 3))).allMatch(event -> event.matches("message\\|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    assertThat(events(stopAfter(driver, "heartbeat", 3))).startsWith("message|Message 0");
    assertThat(events(stopAfter(driver, "stream", 3))).allMatch(event -> event.matches("message\\|Random value: \\d{1,3}"));
    List<Map<String, Object>> typed = stopAfter(driver, "typed", 6);
    assertThat(typed.subList(0, 6)).extracting(event -> event.get("id")).containsExactly("1", "2", "3", "4", "5", "5");
    assertThat(typed.get(4).get("type")).isEqualTo("time_update");
    assertThat(typed.get(5).get("type")).isEqualTo("special_message");
    assertThat(events(stopAfter(driver, "jsonstream", 3)).get(2)).startsWith("message|{\"counter\":3,");
    assertThat(stopAfter(driver, "apievents", 6)).extracting(event -> event.get("type")).contains("message", "update");
    assertThat(events(stopAfter(driver, "express", 2))).startsWith("customEvent|{\"type\":\"welcome\"}");
    // Closing an EventSource closes the connection, and the server notices and stops the stream.
    DemoServer.await(() -> server.stats().openStreams() == 0, WAIT, "the stopped streams to close on the server");
  }

  @Test
  void aChatMessageReachesASecondWindow() {
    ChromeDriver driver = open("/demo/chat.html");
    String first = driver.getWindowHandle();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("chat-state"), "data-state", "open"));
    driver.switchTo().newWindow(WindowType.WINDOW).get(base + "/demo/chat.html");
    String second = driver.getWindowHandle();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("chat-state"), "data-state", "open"));

    String message = "hello from the first window " + UUID.randomUUID();
    driver.switchTo().window(first);
    driver.findElement(By.id("message")).sendKeys(message);
    driver.findElement(By.id("send")).click();

    driver.switchTo().window(second);
    WebElement received = waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(
        By.xpath("//ul[@id='messages']/li[span[@class='text' and text()='" + message + "']]")));
    assertThat(received.getAttribute("data-id")).matches("\\d+");
    driver.close();
    driver.switchTo().window(first);
    waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), message));
  }

  @Test
  void theFetchPageReadsThePostStreams() {
    ChromeDriver driver = open("/demo/fetch.html");
    WebElement input = driver.findElement(By.id("manual-message"));
    input.clear();
    input.sendKeys("Streamed ✓");
    driver.findElement(By.id("manual-send")).click();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("manual-state"), "data-state", "done"));
    assertThat(driver.findElement(By.id("manual-output")).getText()).isEqualTo("Streamed ✓");

    driver.findElement(By.id("usage")).click();
    driver.findElement(By.id("completion-send")).click();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("completion-state"), "data-state", "done"));
    assertThat(driver.findElement(By.id("completion-output")).getText())
        .startsWith("You said: \"What are Server-Sent Events good for?\".");
    assertThat(driver.findElement(By.id("finish-reason")).getText()).isEqualTo("stop");
    assertThat(driver.findElement(By.id("usage-line")).getText()).endsWith("tokens");

    new Select(driver.findElement(By.id("raw-path"))).selectByVisibleText("/sse/heartbeat");
    driver.findElement(By.id("raw-start")).click();
    waitFor(driver).until(d -> Integer.parseInt(d.findElement(By.id("raw-comments")).getText()) >= 2);
    driver.findElement(By.id("raw-stop")).click();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.id("raw-state"), "data-state", "stopped"));
    assertThat(driver.findElement(By.id("raw-output")).getText()).contains(": heartbeat");
  }

  @Test
  void theReconnectPageResumesWithoutLosingOrRepeatingIds() {
    ChromeDriver driver = open("/demo/reconnect.html");
    driver.findElement(By.id("reconnect-start")).click();
    // Two server-ended responses and two resumptions, each after the 3 s retry the server asked for.
    By card = By.id("reconnect");
    new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> {
      WebElement element = d.findElement(card);
      return Integer.parseInt(element.getAttribute("data-received")) >= 30
          && Integer.parseInt(element.getAttribute("data-opens")) >= 3;
    });
    driver.findElement(By.id("reconnect-stop")).click();
    WebElement element = driver.findElement(card);
    assertThat(element.getAttribute("data-gaps")).isEqualTo("0");
    assertThat(element.getAttribute("data-duplicates")).isEqualTo("0");
    @SuppressWarnings("unchecked")
    List<Long> ids = (List<Long>) driver.executeScript("return window.reconnectDemo.ids;");
    List<Long> expected = new ArrayList<>();
    for (long id = 0; id < ids.size(); id++) expected.add(id);
    assertThat(ids).hasSizeGreaterThanOrEqualTo(30).isEqualTo(expected);
  }

  private static ChromeDriver open(String path) {
    chromium.driver.get(base + path);
    return chromium.driver;
  }

  private static WebDriverWait waitFor(WebDriver driver) {
    return new WebDriverWait(driver, WAIT);
  }

  /** Starts a finite scenario's card, waits for the stream to end, and returns what arrived. */
  private static List<Map<String, Object>> run(ChromeDriver driver, String key, int count, boolean finite) {
    driver.findElement(By.cssSelector("#scenario-" + key + " button")).click();
    waitFor(driver).until(ExpectedConditions.attributeToBe(By.cssSelector("#scenario-" + key + " .state"), "data-state", "ended"));
    List<Map<String, Object>> received = received(driver, key);
    assertThat(received).as(key).hasSize(count);
    return received;
  }

  /** Starts an endless scenario's card, waits for {@code count} events, then stops it. */
  private static List<Map<String, Object>> stopAfter(ChromeDriver driver, String key, int count) {
    By section = By.id("scenario-" + key);
    driver.findElement(By.cssSelector("#scenario-" + key + " button")).click();
    waitFor(driver).until(d -> Integer.parseInt(d.findElement(section).getAttribute("data-count")) >= count);
    driver.findElement(By.cssSelector("#scenario-" + key + " button.secondary")).click();
    assertThat(driver.findElement(By.cssSelector("#scenario-" + key + " .state")).getAttribute("data-state")).isEqualTo("stopped");
    return received(driver, key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> received(ChromeDriver driver, String key) {
    return (List<Map<String, Object>>) driver.executeScript("return window.demoReceived[arguments[0]];", key);
  }

  private static List<String> events(List<Map<String, Object>> received) {
    return received.stream().map(event -> event.get("type") + "|" + event.get("data")).toList();
  }
}
