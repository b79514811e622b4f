package dev.sluice.hub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.internal.dispatch.Subscriber;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Active subscriptions: the registry behind the subscriptions API, and the subscription events
 * published when a subscription starts or ends.
 *
 * <p>One subscriber has one subscription per matcher. Each subscription is identified by the
 * topic {@code /.well-known/mercure/subscriptions/{match_type}/{match}/{subscriber}}, each variable
 * percent-encoded once, with the match types' Mercure 1.0 names {@code exact} and
 * {@code urlpattern} ({@code uritemplate} for the pre-1.0 {@code topic} parameter that
 * compatibility mode accepts). Documents are plain JSON ({@code "type": "subscription"}); events go
 * out private with the reserved SSE event type {@code mercure}. Thread-safe.
 */
public final class Subscriptions {
  private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());
  static final String HUB_PATH = "/.well-known/mercure";
  public static final String PREFIX = HUB_PATH + "/subscriptions";
  /** The SSE event type of subscription events, reserved to the hub. */
  static final String EVENT_TYPE = "mercure";

  private final boolean publishEvents;
  private final UpdateLog log;
  private final Supplier<String> ids;
  private final ObjectMapper json;
  private final Map<String, Subscriber> active = new ConcurrentHashMap<>();

  public Subscriptions(boolean publishEvents, UpdateLog log, Supplier<String> ids, ObjectMapper json) {
    this.publishEvents = publishEvents;
    this.log = log;
    this.ids = ids;
    this.json = json;
  }

  public boolean eventsEnabled() {
    return publishEvents;
  }

  /** Records an opened subscriber and, when enabled, publishes one event per subscription. */
  public void opened(Subscriber subscriber) {
    active.put(subscriber.id(), subscriber);
    publish(subscriber, true);
  }

  /** Forgets a closed subscriber and, when enabled, publishes its subscriptions as inactive. */
  public void closed(Subscriber subscriber) {
    if (active.remove(subscriber.id(), subscriber)) {
      publish(subscriber, false);
    }
  }

  public int size() {
    return active.size();
  }

  /** Subscriptions, total over subscribers. */
  public long subscriptionCount() {
    long n = 0;
    for (Subscriber s : active.values()) {
      n += s.matchers().size();
    }
    return n;
  }

  /** The subscription topic (and API path) of one matcher of one subscriber. */
  public static String topic(TopicMatcher matcher, String subscriberId) {
    return collectionPath(wireName(matcher), matcher.match()) + "/" + TopicStrings.encode(subscriberId);
  }

  /** The match type's name in subscription topics and documents (Mercure 1.0's {@code match_type}). */
  static String wireName(TopicMatcher matcher) {
    return switch (matcher.type()) {
      case EXACT -> "exact";
      case URL_PATTERN -> "urlpattern";
      case URI_TEMPLATE -> "uritemplate";
    };
  }

  static String collectionPath(String matchType, String match) {
    return PREFIX + "/" + TopicStrings.encode(matchType) + "/" + TopicStrings.encode(match);
  }

  /** The JSON document of one subscription, as the API serves it and events carry it. */
  ObjectNode document(Subscriber subscriber, TopicMatcher matcher, boolean isActive) {
    ObjectNode node = json.createObjectNode();
    node.put("id", topic(matcher, subscriber.id()));
    node.put("type", "subscription");
    node.put("match_type", wireName(matcher));
    node.put("match", matcher.match());
    node.put("subscriber", subscriber.id());
    node.put("active", isActive);
    subscriber.access().payloadJson(matcher).ifPresent(payload -> {
      try {
        JsonNode parsed = json.readTree(payload);
        node.set("payload", parsed);
      } catch (Exception e) {
        LOG.log(Level.WARNING, "event=bad_payload subscriber={0}", subscriber.id());
      }
    });
    return node;
  }

  /** Active subscriptions, optionally of one matcher ({@code matchType} and {@code match}). */
  List<ObjectNode> list(String matchType, String match) {
    List<ObjectNode> result = new ArrayList<>();
    for (Subscriber subscriber : active.values()) {
      for (TopicMatcher matcher : subscriber.matchers()) {
        if (matchType == null
            || (wireName(matcher).equals(matchType) && matcher.match().equals(match))) {
          result.add(document(subscriber, matcher, true));
        }
      }
    }
    return result;
  }

  Subscriber get(String subscriberId) {
    return active.get(subscriberId);
  }

  private void publish(Subscriber subscriber, boolean isActive) {
    if (!publishEvents) {
      return;
    }
    for (TopicMatcher matcher : subscriber.matchers()) {
      Update update = Update.builder()
          .id(ids.get())
          .topic(topic(matcher, subscriber.id()))
          .type(EVENT_TYPE) // Publishers cannot use it (PublishEndpoint), so it cannot be forged.
          .data(document(subscriber, matcher, isActive).toString())
          .privateUpdate(true)
          .build();
      log.append(update).whenComplete((stored, failure) -> {
        if (failure != null) {
          LOG.log(Level.WARNING, "event=subscription_event_lost subscriber={0} reason={1}",
              subscriber.id(), failure.getMessage());
        }
      });
    }
  }
}
