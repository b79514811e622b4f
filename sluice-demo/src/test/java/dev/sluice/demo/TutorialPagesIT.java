package dev.sluice.demo;

import dev.sluice.server.testing.Chromium;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SseServer;
import dev.sluice.server.testing.LeakCheck;
import java.io.IOException;
import java.time.Clock;
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
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tutorials' own pages against the demo, in headless Chromium: for each page a tutorial ships,
 * a page written here from the same contract (same URLs, event types, fields and parsing) and
 * served by the test, asserting what the tutorial's page would show. Pages that the tutorials load
 * from another origin ({@code http://localhost:8000/...}) are loaded from {@code localhost} and point
 * at {@code 127.0.0.1}, so their requests are cross-origin as the tutorial's are.
 */
@ExtendWith(LeakCheck.class)
class TutorialPagesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Fast enough for the suite, slow enough that a page sees streams as streams. */
  private static final DemoOptions FAST = DemoOptions.builder().timeScale(0.02).build();
  private static final String PAGES = "dev/sluice/demo/tutorial";

  private static Chromium chromium;
  private static SseServer server;
  private static String pages; // http://localhost:port/tutorial/
  private static String otherOrigin; // http://127.0.0.1:port

  @BeforeAll
  static void start() {
    chromium = Chromium.start(); // Skips the class if Chromium is not installed.
    server = standaloneWithPages(FAST);
    int port = server.start();
    pages = "http://localhost:" + port + "/tutorial/";
    otherOrigin = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    if (chromium != null) chromium.close();
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  /** The standalone demo (CORS open to any origin, as the FastAPI and Express tutorials set it) plus the pages. */
  private static SseServer standaloneWithPages(DemoOptions options) {
    return Demo.standaloneBuilder(0, options).bindAddress("127.0.0.1").staticResources("/tutorial/", PAGES).build();
  }

  @Test
  void theBasicPageShowsDefaultMessagesAndParsesUpdates() {
    ChromeDriver driver = open(pages + "basic-page.html");
    waitFor(driver).until(d -> count(d, "#messages p") >= 10 && ((Number) script(d, "return window.updates.length")).intValue() >= 2);
    assertThat(texts(driver, "#messages p").subList(0, 10)).allMatch(text -> text.matches("Message \\d+ at \\d\\d:\\d\\d:\\d\\d"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> updates = (List<Map<String, Object>>) script(driver, "return window.updates");
    assertThat(updates.get(0)).containsEntry("count", 5L).containsKey("timestamp");
    assertThat(updates.get(1)).containsEntry("count", 10L);
  }

  @Test
  void theExamplesPageShowsBasicJsonCustomEventsAndTheClock() {
    ChromeDriver driver = open(pages + "sse-examples.html?server=" + otherOrigin);
    for (String key : List.of("basic", "json", "events", "clock")) press(driver, key + "-start");

    waitFor(driver).until(d -> count(d, "#basic-output div") >= 10);
    List<String> expectedBasic = new ArrayList<>();
    for (int i = 0; i < 10; i++) expectedBasic.add("Message " + i);
    assertThat(texts(driver, "#basic-output div").subList(0, 10)).isEqualTo(expectedBasic);

    waitFor(driver).until(d -> count(d, "#json-output div") >= 5);
    List<String> json = texts(driver, "#json-output div");
    for (int i = 0; i < 5; i++) {
      assertThat(json.get(i)).matches("ID: " + i + ", message: Item " + i + ", time: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
    }

    waitFor(driver).until(d -> texts(d, "#events-output div").contains("[complete] Processing complete"));
    assertThat(texts(driver, "#events-output div")).containsExactly("[start] Processing started",
        "[progress] 20% (step 1)", "[progress] 40% (step 2)", "[progress] 60% (step 3)",
        "[progress] 80% (step 4)", "[progress] 100% (step 5)", "[complete] Processing complete");

    waitFor(driver).until(d -> d.findElement(By.id("clock-output")).getText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    for (String key : List.of("basic", "json", "clock")) press(driver, key + "-stop");
  }

  /**
   * The tutorial's reconnect section in real time: the connection is cut mid-stream, the browser
   * waits the 3 s the server asked for, sends Last-Event-ID, and the ids go on to 99 with none lost
   * or repeated; after 99 the server's 204 stops the browser.
   */
  @Test
  void theExamplesPageResumesTheReconnectStreamAfterACut() throws IOException {
    SseServer realTime = standaloneWithPages(DemoOptions.builder().clock(Clock.systemUTC()).build());
    int port = realTime.start();
    try (CuttableProxy proxy = new CuttableProxy(port)) {
      ChromeDriver driver = open("http://localhost:" + port + "/tutorial/sse-examples.html?server=http://127.0.0.1:" + proxy.port());
      driver.findElement(By.id("reconnect-start")).click();
      WebDriverWait poll = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
      poll.until(d -> count(d, "#reconnect-output div") >= 3);
      proxy.cutAll();
      new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200))
          .until(d -> texts(d, "#reconnect-output div").contains("id: 99, data: Message 99"));
      List<String> lines = texts(driver, "#reconnect-output div");
      List<String> ids = lines.stream().filter(line -> line.startsWith("id: ")).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i <= 99; i++) expected.add("id: " + i + ", data: Message " + i);
      assertThat(ids).isEqualTo(expected);
      assertThat(lines).contains("[disconnected, reconnecting in 3 s]");
      assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
      driver.findElement(By.id("reconnect-stop")).click();
    } finally {
      realTime.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void theExpressClientGetsTheWelcomeCustomEventThenTimes() {
    ChromeDriver driver = open(pages + "express-client.html?server=" + otherOrigin);
    waitFor(driver).until(d -> count(d, "#received li") >= 3);
    assertThat(script(driver, "return window.custom")).isEqualTo(List.of("{\"type\":\"welcome\"}"));
    assertThat(texts(driver, "#received li")).allMatch(text -> text.matches("time: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"));
  }

  @Test
  void theChatPageShowsTheStreamItsEndAndChatFromAnotherWindow() {
    ChromeDriver driver = open(pages + "chat-page.html");
    String first = driver.getWindowHandle();
    waitFor(driver).until(d -> texts(d, "#messages div.message").contains("received: Stream ended"));
    List<String> received = texts(driver, "#messages div.message");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) expected.add("received: Message " + i);
    expected.add("received: Stream ended"); // The end message is a default event with {message, type: "end"}.
    assertThat(received.subList(0, 11)).isEqualTo(expected);

    driver.switchTo().newWindow(WindowType.WINDOW).get(pages + "chat-page.html");
    String second = driver.getWindowHandle();
    waitFor(driver).until(d -> texts(d, "#messages div.status").contains("connected"));
    String message = "hello from the other window " + UUID.randomUUID();
    driver.switchTo().window(first);
    driver.findElement(By.id("messageInput")).sendKeys(message);
    driver.findElement(By.id("send")).click();
    waitFor(driver).until(d -> texts(d, "#messages div.status").contains("sent: " + message));
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = (Map<String, Object>) script(driver, "return window.lastAnswer");
    assertThat(answer).containsEntry("status", "success").containsEntry("message", "Message received");

    // The other window gets it live, or (between two responses of the stream) on its reconnect.
    driver.switchTo().window(second);
    waitFor(driver).until(d -> texts(d, "#messages div.chat").contains("chat: " + message));
    assertThat(texts(driver, "#messages div.chat")).containsOnlyOnce("chat: " + message);
    driver.close();
    driver.switchTo().window(first);
    waitFor(driver).until(d -> texts(d, "#messages div.chat").contains("chat: " + message));
  }

  @Test
  void theManualPageAssemblesTheContentOfEveryLine() {
    ChromeDriver driver = open(pages + "manual-page.html");
    driver.findElement(By.id("start")).click();
    waitFor(driver).until(d -> Boolean.TRUE.equals(script(d, "return window.finished === true")));
    List<String> lines = texts(driver, "#messages div");
    List<String> expected = new ArrayList<>(List.of("parsed: Processing started"));
    for (char c : "Hello SSE".toCharArray()) expected.add("parsed: " + c);
    expected.add("parsed: Processing complete");
    assertThat(lines).isEqualTo(expected).noneMatch(line -> line.contains("undefined"));
  }

  @Test
  void theRandomValuesPageShowsRandomValueLines() {
    ChromeDriver driver = open(pages + "random-values.html");
    waitFor(driver).until(d -> count(d, "#data p") >= 3);
    assertThat(texts(driver, "#data p")).allSatisfy(text -> {
      assertThat(text).matches("Random value: \\d{1,3}");
      assertThat(Integer.parseInt(text.substring("Random value: ".length()))).isBetween(1, 100);
    });
  }

  private static ChromeDriver open(String url) {
    chromium.driver.get(url);
    return chromium.driver;
  }

  private static WebDriverWait waitFor(ChromeDriver driver) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
  }

  private static Object script(org.openqa.selenium.WebDriver driver, String script) {
    return ((ChromeDriver) driver).executeScript(script);
  }

  private static long count(org.openqa.selenium.WebDriver driver, String selector) {
    return ((Number) script(driver, "return document.querySelectorAll('" + selector + "').length")).longValue();
  }

  /** The elements' exact textContent, spaces kept (WebDriver's getText would trim a lone " "). */
  @SuppressWarnings("unchecked")
  private static List<String> texts(org.openqa.selenium.WebDriver driver, String selector) {
    return (List<String>) script(driver,
        "return Array.from(document.querySelectorAll('" + selector + "'), e => e.textContent)");
  }

  /**
   * Presses a button through its own click(): on this page the streams started first keep adding
   * lines above the next button, so a pointer click at its old position can land on that output.
   */
  private static void press(ChromeDriver driver, String id) {
    driver.executeScript("arguments[0].click()", driver.findElement(By.id(id)));
  }
}
