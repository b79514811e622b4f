package dev.sluice.llm;

import dev.sluice.server.testing.Chromium;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page in real Chromium: the answer survives a dropped connection and a page reload. */
class RelayPageIT {
  private static LocalRedis redis;
  private static RelayNode node;
  private static Chromium chromium;

  @BeforeAll
  static void start() throws Exception {
    chromium = Chromium.start();
    redis = LocalRedis.start();
    node = new RelayNode(redis.uri(), "page", DemoModel.builder().tokens(200).tokenInterval(Duration.ofMillis(15)).build(),
        LlmLimits.DEFAULT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) chromium.close();
    if (node != null) node.close();
    if (redis != null) redis.close();
  }

  private static String text(WebDriver driver, String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static long seq(WebDriver driver) {
    String s = text(driver, "seq");
    return s.equals("-") ? -1 : Long.parseLong(s);
  }

  @Test
  void answerContinuesAfterDropAndReload() throws Exception {
    WebDriver driver = chromium.driver;
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    driver.get(node.origin() + "/llm/");
    driver.findElement(By.id("ask")).click();
    wait.until(d -> seq(d) >= 10);

    driver.findElement(By.id("drop")).click();
    assertThat(text(driver, "status")).isEqualTo("dropped");
    long droppedAt = seq(driver);
    driver.findElement(By.id("resume")).click();
    wait.until(d -> seq(d) >= droppedAt + 10);

    driver.navigate().refresh(); // The page forgets its connection; the hash names the response.
    wait.until(d -> text(d, "status").equals("completed"));

    String id = text(driver, "rid");
    HttpResponse<String> stored = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/responses/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode response = JsonMapper.builder().build().readTree(stored.body());
    assertThat(response.path("status").asText()).isEqualTo("completed");
    String storedText = response.path("output").path(0).path("content").path(0).path("text").asText();
    assertThat(storedText.split(" ")).hasSize(200);
    assertThat(driver.findElement(By.id("answer")).getText()).isEqualTo(storedText);
    assertThat(text(driver, "gaps")).isEqualTo("0");
    assertThat(node.counter(LlmMeters.GENERATIONS_RESUMED)).isGreaterThanOrEqualTo(2);
  }
}
