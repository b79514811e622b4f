package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.dispatch.SubscriberStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an endpoint answers: a body, or an event stream opened by the server.
 *
 * @param status the HTTP status
 * @param headers response headers in order (content type included for bodies)
 * @param body the body; empty for streams
 * @param onOpen for an event stream, called once the headers are flushed; else null
 */
public record HubResponse(int status, List<Map.Entry<String, String>> headers, byte[] body,
    Consumer<SubscriberStream> onOpen) {

  public static HubResponse text(int status, String text) {
    return body(status, "text/plain; charset=utf-8", text);
  }

  public static HubResponse body(int status, String contentType, String body) {
    return new HubResponse(status, List.of(Map.entry("Content-Type", contentType)),
        body.getBytes(StandardCharsets.UTF_8), null);
  }

  public static HubResponse stream(Consumer<SubscriberStream> onOpen) {
    return new HubResponse(200, List.of(), new byte[0], onOpen);
  }

  public boolean isStream() {
    return onOpen != null;
  }

  public HubResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new HubResponse(status, List.copyOf(more), body, onOpen);
  }
}
