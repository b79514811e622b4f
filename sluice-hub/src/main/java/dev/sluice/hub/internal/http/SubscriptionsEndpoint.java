package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.auth.AccessPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.internal.dispatch.Subscriber;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /.well-known/mercure/subscriptions[/{matchType}/{match}[/{subscriber}]]}: the active
 * subscriptions as Mercure 1.0 JSON ({@code application/json}, {@code "type": "subscriptions"} or a
 * single subscription document unchanged).
 *
 * <p>The reconciliation cursor is not in the body but in the {@code Link} header, as the
 * specification says: {@code <hub>; rel="mercure"; last-event-id="<id|earliest>"; type="mercure";
 * content-type="application/json"}, so a client can subscribe to the events from that point.
 *
 * <p>The caller's token must grant {@code subscribe} on the requested path itself (the same form
 * as the subscription event topics), so one matcher covers both the events and the API.
 */
public final class SubscriptionsEndpoint {
  private final AccessPolicy access;
  private final Subscriptions subscriptions;
  private final UpdateLog log;
  private final ObjectMapper json;
  private final String hubUrl;

  public SubscriptionsEndpoint(AccessPolicy access, Subscriptions subscriptions, UpdateLog log,
      ObjectMapper json, String hubUrl) {
    this.access = access;
    this.subscriptions = subscriptions;
    this.log = log;
    this.json = json;
    this.hubUrl = hubUrl;
  }

  public Response handle(Request call) {
    try {
      String path = rawPath(call);
      if (!path.equals(Subscriptions.PREFIX) && !path.startsWith(Subscriptions.PREFIX + "/")) {
        return Response.text(404, "not found"); // Elsewhere under the hub path: nothing is served.
      }
      if (!subscriptions.eventsEnabled()) {
        throw new HttpStatusException(404, "the subscriptions API is not enabled");
      }
      access.authorizeSubscriptionsApi(call, path);
      // Read before the snapshot: an event between the two is then replayed, never missed.
      String cursor = lastEventId();
      String[] segments = segments(path);
      ObjectNode body;
      if (segments.length == 0) {
        body = collection(path, null, null);
      } else if (segments.length == 2) {
        body = collection(path, segments[0], segments[1]);
      } else if (segments.length == 3) {
        body = single(segments[0], segments[1], segments[2]);
      } else {
        throw new HttpStatusException(404, "no such subscriptions resource");
      }
      return Response.bytes(200, "application/json", json.writeValueAsBytes(body))
          .withHeader("Link", link(hubUrl, cursor))
          .withHeader("Cache-Control", "must-revalidate");
    } catch (HttpStatusException e) {
      return Refusals.toResponse(e);
    } catch (Exception e) {
      return Response.text(503, "subscriptions are unavailable; retry later");
    }
  }

  /** The {@code rel="mercure"} link with the cursor and the events' type and media type. */
  static String link(String hubUrl, String lastEventId) {
    return "<" + hubUrl + ">; rel=\"mercure\"; last-event-id=" + quoted(lastEventId)
        + "; type=\"mercure\"; content-type=\"application/json\"";
  }

  /** An RFC 9110 quoted-string: {@code "} and {@code \} escaped (ids hold no control characters). */
  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The path as received (still percent-encoded), without the query. */
  private static String rawPath(Request call) {
    String uri = call.uri();
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  private ObjectNode collection(String path, String matchType, String match) {
    ObjectNode body = json.createObjectNode();
    body.put("id", path);
    body.put("type", "subscriptions");
    ArrayNode list = body.putArray("subscriptions");
    subscriptions.list(matchType, match).forEach(list::add);
    return body;
  }

  private ObjectNode single(String matchType, String match, String subscriberId) {
    Subscriber subscriber = subscriptions.get(subscriberId);
    if (subscriber != null) {
      for (TopicMatcher matcher : subscriber.matchers()) {
        if (Subscriptions.wireName(matcher).equals(matchType) && matcher.match().equals(match)) {
          return subscriptions.document(subscriber, matcher, true);
        }
      }
    }
    throw new HttpStatusException(404, "no such subscription");
  }

  private String lastEventId() throws Exception {
    Optional<StoredUpdate> last = log.last().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return last.map(StoredUpdate::id).orElse("earliest");
  }

  /** The decoded path segments after the collection prefix. */
  private static String[] segments(String rawPath) {
    String rest = rawPath.substring(Subscriptions.PREFIX.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return new String[0];
    }
    String[] parts = rest.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      try {
        parts[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) { // A malformed escape names no subscription.
        throw new HttpStatusException(404, "no such subscriptions resource");
      }
    }
    return parts;
  }
}
