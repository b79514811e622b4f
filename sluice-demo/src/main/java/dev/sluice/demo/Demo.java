package dev.sluice.demo;

import dev.sluice.demo.internal.ApiStreams;
import dev.sluice.demo.internal.ChatCompletions;
import dev.sluice.demo.internal.ChatRoom;
import dev.sluice.demo.internal.ReconnectStream;
import dev.sluice.demo.internal.TickerStreams;
import dev.sluice.demo.internal.TutorialStreams;
import dev.sluice.server.CorsConfig;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import java.util.List;
import java.util.Objects;

/**
 * Every classic Server-Sent Events tutorial scenario as live endpoints, with browser pages to watch
 * them: mount it on any {@link SseServer}, or run it alone.
 *
 * <h3>Mounting</h3>
 * <pre>{@code
 * SseServer.Builder server = SseServer.builder().port(8080);
 * Demo.mount(server);          // the endpoints, and the pages under /demo/
 * server.get("/", ...);        // the host keeps its own root
 * }</pre>
 *
 * <h3>Endpoints</h3>
 * {@code GET /sse/basic}, {@code /sse/json}, {@code /sse/events}, {@code /sse/reconnect},
 * {@code /sse/multifield}, {@code /sse/clock}, {@code /sse/heartbeat}, {@code /stream},
 * {@code /stream_with_type_and_id}, {@code /json_stream}, {@code /events}, {@code /api/sse-stream},
 * {@code /api/events}, {@code /api/chat}; {@code POST /api/manual-sse-stream},
 * {@code /api/send-message}, {@code /v1/chat/completions}. {@code docs/demo.md} shows each one's
 * wire format, and which tutorial it follows.
 *
 * <p>Each mount has its own chat room; nothing else is shared, and nothing runs between requests,
 * so there is nothing to shut down beyond the server itself.
 */
public final class Demo {
  /** Where the browser pages are served: {@code /demo/} is the index. */
  public static final String PAGES_PATH = "/demo/";
  /** The classpath folder holding the pages. */
  static final String PAGES_RESOURCES = "dev/sluice/demo/pages";
  /** Every endpoint path, for hosts that want to list or check them. */
  public static final List<String> ENDPOINTS = List.of(
      "/sse/basic", "/sse/json", "/sse/events", "/sse/reconnect", "/sse/multifield", "/sse/clock",
      "/sse/heartbeat", "/stream", "/stream_with_type_and_id", "/json_stream", "/events", "/api/sse-stream",
      "/api/manual-sse-stream", "/api/send-message", "/api/events", "/api/chat", "/v1/chat/completions");

  private Demo() {}

  /** Adds the demo's endpoints and pages to {@code server}, in real time. Returns {@code server}. */
  public static SseServer.Builder mount(SseServer.Builder server) {
    return mount(server, DemoOptions.defaults());
  }

  /** Adds the demo's endpoints and pages to {@code server}. Returns {@code server}. */
  public static SseServer.Builder mount(SseServer.Builder server, DemoOptions options) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(options, "options");
    new TutorialStreams(options).mount(server);
    new ReconnectStream(options).mount(server);
    new TickerStreams(options).mount(server);
    ChatRoom chat = new ChatRoom(options);
    chat.mount(server);
    new ApiStreams(options, chat).mount(server);
    new ChatCompletions(options).mount(server);
    String index = PAGES_PATH.substring(0, PAGES_PATH.length() - 1);
    server.get(index, request -> redirect(PAGES_PATH)); // Relative links in the pages need the slash.
    server.staticResources(PAGES_PATH, PAGES_RESOURCES);
    return server;
  }

  /**
   * A server with only the demo: the endpoints, the pages, {@code /} sending browsers to the pages,
   * and CORS open to any origin so pages and tools served elsewhere can call it. Not started.
   */
  public static SseServer.Builder standaloneBuilder(int port, DemoOptions options) {
    SseServer.Builder server = SseServer.builder().port(port).cors(CorsConfig.anyOrigin());
    mount(server, options);
    server.get("/", request -> redirect(PAGES_PATH));
    // Browsers ask for it on any page without an icon link (an endpoint opened in a tab).
    server.get("/favicon.ico", request -> redirect(PAGES_PATH + "favicon.ico"));
    return server;
  }

  /**
   * Starts a server with only the demo on {@code port} ({@code 0} for any free port; read it from
   * {@link SseServer#port()}), in real time. The caller stops it.
   */
  public static SseServer standalone(int port) {
    SseServer server = standaloneBuilder(port, DemoOptions.defaults()).build();
    server.start();
    return server;
  }

  private static Response redirect(String location) {
    return Response.status(302).withHeader("Location", location);
  }
}
