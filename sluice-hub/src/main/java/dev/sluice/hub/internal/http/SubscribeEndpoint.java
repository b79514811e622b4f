package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.selector.SelectorEngine;
import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.auth.AccessPolicy;
import dev.sluice.hub.internal.dispatch.DispatchCounters;
import dev.sluice.hub.internal.dispatch.Dispatcher;
import dev.sluice.hub.internal.dispatch.Replayer;
import dev.sluice.hub.internal.dispatch.Subscriber;
import dev.sluice.hub.internal.auth.SubscriberAccess;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import dev.sluice.server.SseStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /.well-known/mercure}: parses the matchers, checks the token, prepares replay, and
 * opens the stream.
 *
 * <h3>Parameters</h3>
 * {@code match} and {@code matchExact} (exact; {@code *} for every topic), {@code matchURLPattern}
 * (also spelled {@code match_urlpattern}), the earlier {@code topic} (exact or URI Template). Any
 * other name in the {@code match} namespace is a {@code 400}. The last event id comes from the
 * {@code Last-Event-ID} header, else {@code last_event_id}, else {@code lastEventID}.
 */
public final class SubscribeEndpoint {
  private static final System.Logger LOG = System.getLogger(SubscribeEndpoint.class.getName());
  public static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
  /** How long a prepared subscriber may wait for its stream to open before it is forgotten. */
  static final Duration OPEN_DEADLINE = Duration.ofSeconds(30);

  /** Bounds that keep one request from costing the hub much (pattern costs: {@code SelectorLimits}). */
  public record Limits(int maxMatchers) {}

  private final AccessPolicy access;
  private final SelectorEngine matchers;
  private final Dispatcher dispatcher;
  private final Replayer replayer;
  private final Subscriptions subscriptions;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Limits limits;
  private final DispatchCounters counters;

  public SubscribeEndpoint(AccessPolicy access, SelectorEngine matchers, Dispatcher dispatcher,
      Replayer replayer, Subscriptions subscriptions, ScheduledExecutorService timers, Clock clock,
      Limits limits, DispatchCounters counters) {
    this.access = access;
    this.matchers = matchers;
    this.dispatcher = dispatcher;
    this.replayer = replayer;
    this.subscriptions = subscriptions;
    this.timers = timers;
    this.clock = clock;
    this.limits = limits;
    this.counters = counters;
  }

  public Response handle(Request call) {
    Subscriber subscriber = null;
    try {
      List<TopicMatcher> parsed = parseMatchers(call);
      SubscriberAccess rights = access.subscriber(call);
      subscriber = new Subscriber("urn:uuid:" + UUID.randomUUID(), parsed, rights);
      Optional<String> lastEventId = lastEventId(call);
      // Registered before the headers go out: a client that saw 200 cannot miss a later update.
      Replayer.Plan plan = lastEventId.isEmpty()
          ? replayer.prepareLive(subscriber)
          : replayer.prepare(subscriber, lastEventId.get());
      Subscriber registered = subscriber;
      ScheduledFuture<?> deadline = forgetIfNeverOpened(registered);
      if (lastEventId.isEmpty()) {
        return Response.sse(stream -> open(registered, stream, plan, deadline));
      }
      return Response.sse(stream -> open(registered, stream, plan, deadline))
          .withHeader(MERCURE_LAST_EVENT_ID, plan.responseLastEventId());
    } catch (HttpStatusException e) {
      return Refusals.toResponse(e);
    } catch (Exception e) {
      LOG.log(Level.ERROR, "event=subscribe_failed", e);
      if (subscriber != null) {
        dispatcher.remove(subscriber); // It may have been registered before history failed.
      }
      return Response.text(503, "history is unavailable; retry later");
    }
  }

  private void open(Subscriber subscriber, SseStream stream, Replayer.Plan plan,
      ScheduledFuture<?> deadline) {
    deadline.cancel(false); // Frees the timer entry now rather than in 30 s: it is per subscriber.
    subscriber.attach(stream);
    ScheduledFuture<?> expiry = scheduleExpiry(subscriber, stream);
    stream.onClose(() -> {
      if (expiry != null) {
        expiry.cancel(false);
      }
      dispatcher.remove(subscriber);
      subscriptions.closed(subscriber);
    });
    subscriptions.opened(subscriber);
    replayer.start(subscriber, plan);
  }

  /**
   * A response whose headers never reach the client never opens its stream; drop such a
   * registration after {@link #OPEN_DEADLINE} so its held-back updates do not pile up.
   */
  private ScheduledFuture<?> forgetIfNeverOpened(Subscriber subscriber) {
    return timers.schedule(() -> {
      if (subscriber.stream() == null) {
        dispatcher.remove(subscriber);
      }
    }, OPEN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ScheduledFuture<?> scheduleExpiry(Subscriber subscriber, SseStream stream) {
    return subscriber.access().expiresAt().map(at -> {
      long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
      return timers.schedule(() -> {
        if (stream.isOpen()) {
          LOG.log(Level.INFO, "event=token_expired subscriber={0}", subscriber.id());
          counters.expiredSubscribers.increment();
          stream.close();
        }
      }, delay, TimeUnit.MILLISECONDS);
    }).orElse(null);
  }

  /** Header, then {@code last_event_id}, then the earlier {@code lastEventID}; empty values skipped. */
  static Optional<String> lastEventId(Request call) {
    Optional<String> header = call.header("Last-Event-ID").filter(v -> !v.isEmpty());
    if (header.isPresent()) {
      return header;
    }
    Optional<String> query = call.query("last_event_id").filter(v -> !v.isEmpty());
    return query.isPresent() ? query : call.query("lastEventID").filter(v -> !v.isEmpty());
  }

  private List<TopicMatcher> parseMatchers(Request call) {
    List<TopicMatcher> result = new ArrayList<>();
    for (Map.Entry<String, List<String>> param : call.queryParameters().entrySet()) {
      MatchType type = matchType(param.getKey());
      if (type == null) {
        continue;
      }
      for (String pattern : param.getValue()) {
        if (result.size() >= limits.maxMatchers()) {
          throw new HttpStatusException(400, "too many matchers (max " + limits.maxMatchers() + ")");
        }
        if (pattern.isEmpty() || TopicStrings.hasControlCharacter(pattern)
            || !TopicStrings.isValidUtf16(pattern)) {
          throw new HttpStatusException(400, "invalid matcher: empty, or has control characters");
        }
        try {
          result.add(matchers.compile(type, pattern));
        } catch (IllegalArgumentException e) {
          throw new HttpStatusException(400, "invalid matcher: " + e.getMessage());
        }
      }
    }
    if (result.isEmpty()) {
      throw new HttpStatusException(400, "missing match (or topic) parameter");
    }
    return result;
  }

  /**
   * The match type a query parameter names; null for unrelated parameters. The earlier
   * {@code topic} parameter is exact or a URI Template: {@link MatchType#URI_TEMPLATE}.
   */
  private static MatchType matchType(String name) {
    if (name.equals("topic")) {
      return MatchType.URI_TEMPLATE;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("match")) {
      return null;
    }
    String suffix = lower.substring("match".length());
    if (suffix.startsWith("_")) {
      suffix = suffix.substring(1);
    }
    switch (suffix) {
      case "":
      case "exact":
        return MatchType.EXACT;
      case "urlpattern":
        return MatchType.URL_PATTERN;
      default:
        throw new HttpStatusException(400, "unknown matcher parameter: " + name);
    }
  }
}
