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
 * topic {@code /.well-known/mercure/subscriptions/{matchType}/{match}/{subscriber}}, each variable
 * percent-encoded once. Thread-safe.
 */
public final class Subscriptions {
  private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());
  public static final String PREFIX = "/.well-known/mercure/subscriptions";
  static final String CONTEXT = "https://mercure.rocks/";

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
    return collectionPath(matcher.matchType(), matcher.match()) + "/" + TopicStrings.encode(subscriberId);
  }

  static String collectionPath(String matchType, String match) {
    return PREFIX + "/" + TopicStrings.encode(matchType) + "/" + TopicStrings.encode(match);
  }

  /** The JSON-LD document of one subscription, without {@code @context}. */
  ObjectNode document(Subscriber subscriber, TopicMatcher matcher, boolean isActive) {
    ObjectNode node = json.createObjectNode();
    node.put("id", topic(matcher, subscriber.id()));
    node.put("type", "Subscription");
    node.put("matchType", matcher.matchType());
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
            || (matcher.matchType().equals(matchType) && matcher.match().equals(match))) {
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
      ObjectNode doc = json.createObjectNode();
      doc.put("@context", CONTEXT);
      doc.setAll(document(subscriber, matcher, isActive));
      Update update = Update.builder()
          .id(ids.get())
          .topic(topic(matcher, subscriber.id()))
          .data(doc.toString())
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
