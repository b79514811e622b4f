package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SseServer;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The browser pages come from the jar with the right types, and the standalone server's extras. */
@ExtendWith(LeakCheck.class)
class PagesIT {
  @Test
  void servesEveryPageAndAsset() throws IOException {
    try (DemoServer demo = DemoServer.started()) {
      for (String page : List.of("/demo/", "/demo/index.html", "/demo/chat.html", "/demo/fetch.html", "/demo/reconnect.html")) {
        assertThat(get(demo.port, page)).as(page).startsWith("text/html; charset=utf-8 <!doctype html>");
      }
      for (String script : List.of("common.js", "index.js", "chat.js", "fetch.js", "reconnect.js")) {
        assertThat(get(demo.port, "/demo/" + script)).as(script).startsWith("text/javascript; charset=utf-8 ");
      }
      assertThat(get(demo.port, "/demo/demo.css")).startsWith("text/css; charset=utf-8 ");
      try (SseClient missing = SseClient.send(demo.port, "GET", "/demo/nope.html", null)) {
        assertThat(missing.status()).isEqualTo(404);
      }
    }
  }

  @Test
  void everyPageHasAnIconThatIsServed() throws IOException {
    try (DemoServer demo = DemoServer.started()) {
      for (String page : List.of("index.html", "chat.html", "fetch.html", "reconnect.html")) {
        // Relative, so the icon is found wherever the demo is mounted, not at the host's /favicon.ico.
        assertThat(get(demo.port, "/demo/" + page)).as(page).contains("<link rel=\"icon\" href=\"favicon.ico\">");
      }
      try (SseClient icon = SseClient.send(demo.port, "GET", "/demo/favicon.ico", null)) {
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("content-type")).contains("image/x-icon");
      }
    }
  }

  @Test
  void standaloneAnswersTheBrowsersFaviconRequest() throws IOException {
    SseServer server = Demo.standalone(0);
    try (SseClient icon = SseClient.send(server.port(), "GET", "/favicon.ico", null)) {
      assertThat(icon.status()).isEqualTo(302);
      assertThat(icon.header("location")).contains("/demo/favicon.ico");
    } finally {
      server.stop(java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void theIndexWithoutItsSlashRedirects() throws IOException {
    try (DemoServer demo = DemoServer.started(); SseClient client = SseClient.send(demo.port, "GET", "/demo", null)) {
      assertThat(client.status()).isEqualTo(302);
      assertThat(client.header("location")).contains("/demo/");
    }
  }

  @Test
  void standaloneSendsTheRootToThePagesAndAllowsAnyOrigin() throws IOException {
    SseServer server = Demo.standalone(0);
    try {
      try (SseClient root = SseClient.send(server.port(), "GET", "/", null)) {
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("location")).contains("/demo/");
      }
      try (SseClient cors = SseClient.send(server.port(), "POST", "/api/send-message", "{\"message\":\"hi\"}",
          "Content-Type: application/json",
          "Origin: http://elsewhere.test")) {
        assertThat(cors.status()).isEqualTo(200);
        assertThat(cors.header("access-control-allow-origin")).contains("*");
      }
    } finally {
      server.stop(java.time.Duration.ofSeconds(5));
    }
  }

  /** The content type and body, joined by a space. */
  private static String get(int port, String path) throws IOException {
    try (SseClient client = SseClient.send(port, "GET", path, null)) {
      assertThat(client.status()).as(path).isEqualTo(200);
      return client.header("content-type").orElse("") + " " + client.readAll();
    }
  }
}
