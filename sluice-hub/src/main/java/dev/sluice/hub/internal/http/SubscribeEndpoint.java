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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET} or {@code QUERY /.well-known/mercure}: parses the matchers, checks the token,
 * prepares replay, and opens the stream.
 *
 * <h3>Parameters (Mercure 1.0)</h3>
 * Read from the query and, for {@code QUERY}, also from an {@code application/x-www-form-urlencoded}
 * body: the union of both, query first (both decoded the WHATWG way by the server). Matchers are
 * {@code match} and {@code match_exact} (exact; {@code *} for every topic) and
 * {@code match_urlpattern}, spelled exactly so. Any other name whose first five characters are
 * {@code match} in any ASCII case is a {@code 400}. Values follow {@link TopicStrings#isProtocolString}.
 * The last event id is the {@code Last-Event-ID} header if present, else {@code last_event_id}
 * (the query's if both carry it); whenever one was given, even empty, the response carries
 * {@code Mercure-Last-Event-ID}.
 *
 * <p>In compatibility mode ({@code --protocol-version-compatibility 8}) the pre-1.0 {@code topic}
 * (exact or URI Template) and {@code lastEventID} are accepted too; otherwise they are a
 * {@code 400} that names their replacement, rather than silently subscribing to nothing.
 */
public final class SubscribeEndpoint {
  private static final System.Logger LOG = System.getLogger(SubscribeEndpoint.class.getName());
  public static final String MERCURE_LAST_EVENT_ID = "Mercure-Last-Event-ID";
  /** How long a prepared subscriber may wait for its stream to open before it is forgotten. */
  static final Duration OPEN_DEADLINE = Duration.ofSeconds(30);

  /** Mercure 1.0's matcher parameters and their types. */
  private static final Map<String, MatchType> MATCHERS = Map.of(
      "match", MatchType.EXACT, "match_exact", MatchType.EXACT,
      "match_urlpattern", MatchType.URL_PATTERN);
  private static final String FORM = "application/x-www-form-urlencoded";

  /**
   * Bounds that keep one request from costing the hub much (pattern costs: {@code SelectorLimits}),
   * and whether the pre-1.0 parameters are accepted.
   *
   * @param maxMatchers matchers per subscription, past which the request is a {@code 400}
   * @param legacyParameters {@code topic} and {@code lastEventID} accepted (compatibility mode 8)
   */
  public record Limits(int maxMatchers, boolean legacyParameters) {
    public Limits(int maxMatchers) {
      this(maxMatchers, false);
    }
  }

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
      Map<String, List<String>> parameters = parameters(call);
      List<TopicMatcher> parsed = parseMatchers(parameters);
      Optional<String> lastEventId = lastEventId(call, parameters, limits.legacyParameters());
      SubscriberAccess rights = access.subscriber(call);
      subscriber = new Subscriber("urn:uuid:" + UUID.randomUUID(), parsed, rights);
      // Registered before the headers go out: a client that saw 200 cannot miss a later update.
      // An empty id names no update: live, with the cursor "earliest" (no event preceded).
      boolean replay = lastEventId.isPresent() && !lastEventId.get().isEmpty();
      Replayer.Plan plan = replay
          ? replayer.prepare(subscriber, lastEventId.get())
          : replayer.prepareLive(subscriber);
      Subscriber registered = subscriber;
      ScheduledFuture<?> deadline = forgetIfNeverOpened(registered);
      Response response = Response.sse(stream -> open(registered, stream, plan, deadline));
      if (lastEventId.isEmpty()) {
        return response;
      }
      return response.withHeader(MERCURE_LAST_EVENT_ID, replay ? plan.responseLastEventId() : Replayer.EARLIEST);
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

  /**
   * The query's parameters, followed for {@code QUERY} by the body's: "the union of the two, as if
   * they had all appeared in one component". Malformed fields are the server's {@code 400}/{@code 413}.
   */
  static Map<String, List<String>> parameters(Request call) {
    Map<String, List<String>> query = call.queryParameters();
    if (!call.method().equals("QUERY")) {
      return query;
    }
    if (call.header("Content-Type").isEmpty() && call.body().length == 0) {
      return query; // QUERY without a body: the query alone, as for GET.
    }
    String type = call.header("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (!media.equals(FORM)) {
      throw new HttpStatusException(415, "a QUERY body must be " + FORM);
    }
    Map<String, List<String>> union = new LinkedHashMap<>();
    query.forEach((name, values) -> union.put(name, new ArrayList<>(values)));
    call.formParameters().forEach((name, values) ->
        union.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    return union;
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

  /**
   * The {@code Last-Event-ID} header if present (it wins), else the first {@code last_event_id}
   * (the query's before the body's), else in compatibility mode {@code lastEventID}; present but
   * empty is kept, since it still asks for {@code Mercure-Last-Event-ID}.
   */
  static Optional<String> lastEventId(Request call, Map<String, List<String>> parameters,
      boolean legacy) {
    Optional<String> header = call.header("Last-Event-ID");
    if (header.isPresent()) {
      return header;
    }
    List<String> values = parameters.getOrDefault("last_event_id", List.of());
    if (values.isEmpty() && legacy) {
      values = parameters.getOrDefault("lastEventID", List.of());
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private List<TopicMatcher> parseMatchers(Map<String, List<String>> parameters) {
    List<TopicMatcher> result = new ArrayList<>();
    for (Map.Entry<String, List<String>> param : parameters.entrySet()) {
      MatchType type = matchType(param.getKey(), limits.legacyParameters());
      if (type == null) {
        continue;
      }
      for (String pattern : param.getValue()) {
        if (result.size() >= limits.maxMatchers()) {
          throw new HttpStatusException(400, "too many matchers (max " + limits.maxMatchers() + ")");
        }
        if (pattern.isEmpty() || !TopicStrings.isProtocolString(pattern)) {
          throw new HttpStatusException(400,
              "invalid matcher: empty, or has control or format characters");
        }
        try {
          result.add(matchers.compile(type, pattern));
        } catch (IllegalArgumentException e) {
          throw new HttpStatusException(400, "invalid matcher: " + e.getMessage());
        }
      }
    }
    if (result.isEmpty()) {
      throw new HttpStatusException(400, "missing \"match\" subscription parameter");
    }
    return result;
  }

  /**
   * The match type a parameter names; null for unrelated parameters. Mercure 1.0 reserves every
   * name starting with {@code match} in any ASCII case; the pre-1.0 names are answered with their
   * replacement unless compatibility mode accepts them ({@code topic}: exact or URI Template).
   */
  static MatchType matchType(String name, boolean legacy) {
    MatchType type = MATCHERS.get(name);
    if (type != null) {
      return type;
    }
    if (startsWithMatchIgnoringAsciiCase(name)) {
      throw new HttpStatusException(400, "unknown matcher parameter \"" + name
          + "\" (use \"match\", \"match_exact\" or \"match_urlpattern\")");
    }
    if (name.equals("topic")) {
      if (legacy) {
        return MatchType.URI_TEMPLATE;
      }
      throw new HttpStatusException(400, "unknown topic matcher query parameter \"topic\""
          + " (use \"match\" or \"match_urlpattern\")");
    }
    if (name.equals("lastEventID") && !legacy) {
      throw new HttpStatusException(400, "\"lastEventID\" is the pre-1.0 name: use \"last_event_id\"");
    }
    return null;
  }

  /** {@code match} in any ASCII case: only {@code A-Z}/{@code a-z} fold, unlike Unicode case rules. */
  private static boolean startsWithMatchIgnoringAsciiCase(String name) {
    if (name.length() < 5) {
      return false;
    }
    for (int i = 0; i < 5; i++) {
      char c = name.charAt(i);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      if (lower != "match".charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
