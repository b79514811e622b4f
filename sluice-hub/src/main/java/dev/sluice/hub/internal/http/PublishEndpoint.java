package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.auth.AccessPolicy;
import dev.sluice.hub.internal.selector.ReservedNamespace;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.hub.spi.UpdateLogException;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code POST /.well-known/mercure}: checks the publisher, validates the form, appends the update
 * and answers {@code 200 text/plain} with its id once the log has stored it.
 *
 * <p>Order of checks: the form ({@code 400}/{@code 413}/{@code 415}: malformed fields, invalid
 * values, {@code *}, the reserved namespace, {@code type=mercure}, too many topics) before any
 * token is looked at, as Mercure 1.0 says "whatever the token"; then credentials and rights on
 * every topic ({@code 401}/{@code 403}, by the {@link AccessPolicy}); then storage ({@code 503}).
 */
public final class PublishEndpoint {
  private static final System.Logger LOG = System.getLogger(PublishEndpoint.class.getName());
  /** Topics (canonical and alternates) one update may carry; the reference hub's limit too. */
  public static final int DEFAULT_MAX_TOPICS = 1000;
  /** The event type of subscription events: no publisher may use it (Mercure 1.0). */
  static final String RESERVED_TYPE = "mercure";

  private final UpdateLog log;
  private final AccessPolicy access;
  private final Supplier<String> ids;
  private final Duration appendTimeout;
  private final LongAdder published;
  private final ReservedNamespace reserved = new ReservedNamespace(Subscriptions.HUB_PATH);
  private final int maxTopics;

  public PublishEndpoint(UpdateLog log, AccessPolicy access, Supplier<String> ids,
      Duration appendTimeout, LongAdder published) {
    this(log, access, ids, appendTimeout, published, DEFAULT_MAX_TOPICS);
  }

  public PublishEndpoint(UpdateLog log, AccessPolicy access, Supplier<String> ids,
      Duration appendTimeout, LongAdder published, int maxTopics) {
    this.maxTopics = maxTopics;
    this.log = log;
    this.access = access;
    this.ids = ids;
    this.appendTimeout = appendTimeout;
    this.published = published;
  }

  /** Publishes and waits for the log's answer; for callers on a thread that may block. */
  public Response handle(Request call) {
    return handleAsync(call).toCompletableFuture().join(); // Never fails: refusals are responses.
  }

  /**
   * Checks and appends without blocking (unless the access policy {@linkplain AccessPolicy#mayBlock
   * may block}); the stage completes with the answer, never exceptionally, when the log has stored
   * the update, or with {@code 503} when it fails or takes longer than the append timeout.
   */
  public CompletionStage<Response> handleAsync(Request call) {
    Update update;
    try {
      update = parse(call);
      access.authorizePublish(call, update.topics());
    } catch (HttpStatusException e) {
      return CompletableFuture.completedFuture(Refusals.toResponse(e));
    }
    return appendAsync(update).handle((stored, failure) -> {
      if (failure != null) return Refusals.toResponse(refusal(update, failure));
      published.increment();
      return Response.text(200, stored.id());
    });
  }

  /**
   * Publishes for the application the hub is embedded in: the same form checks ({@code 400}) and
   * reserved namespace ({@code 400}) as a {@code POST}, the same store and dispatch, but no
   * credentials, since the caller is the application itself. Completes with the stored id, or
   * exceptionally with an {@link HttpStatusException} carrying the status a {@code POST} would get.
   */
  public CompletableFuture<String> publishTrusted(Map<String, List<String>> form) {
    Update update;
    try {
      update = parse(form); // Includes the reserved namespace (400), as for a POST.
    } catch (HttpStatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    return appendAsync(update).handle((stored, failure) -> {
      if (failure != null) throw refusal(update, failure);
      published.increment();
      return stored.id();
    });
  }

  private CompletableFuture<StoredUpdate> appendAsync(Update update) {
    try {
      // A copy: the timeout must not complete a future the log may hold or share.
      return log.append(update).toCompletableFuture().copy()
          .orTimeout(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) { // A log that throws instead of failing its stage.
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The {@code 409} for an id already held by other content, else {@code 503} for an append that failed or timed out. */
  private static HttpStatusException refusal(Update update, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    if (cause instanceof TimeoutException) {
      return Refusals.unavailable("update not stored: storage did not answer in time");
    }
    if (cause instanceof UpdateLogException.Conflict) {
      // The publisher's own mistake (an id reused for other content): retrying cannot help, so not 503.
      return new HttpStatusException(409, cause.getMessage());
    }
    LOG.log(Level.WARNING, "event=publish_failed id={0} reason={1}", update.id(), cause.getMessage());
    String reason = cause instanceof UpdateLogException ? cause.getMessage() : "storage error";
    return Refusals.unavailable("update not stored: " + reason);
  }

  private Update parse(Request call) {
    if (!mediaType(call).equals("application/x-www-form-urlencoded")) {
      throw new HttpStatusException(415, "Content-Type must be application/x-www-form-urlencoded");
    }
    return parse(call.formParameters()); // WHATWG; bad UTF-8 400, too many 413.
  }

  private Update parse(Map<String, List<String>> form) {
    List<String> topics = form.getOrDefault("topic", List.of());
    if (topics.isEmpty()) {
      throw new HttpStatusException(400, "missing topic");
    }
    if (topics.size() > maxTopics) {
      throw new HttpStatusException(413, "too many topic fields (max " + maxTopics + ")");
    }
    Update.Builder update = Update.builder();
    for (String topic : topics) {
      if (topic.isEmpty() || !TopicStrings.isProtocolString(topic)) {
        throw new HttpStatusException(400,
            "invalid topic: empty, or has control or format characters");
      }
      if (topic.equals("*")) {
        throw new HttpStatusException(400,
            "topic \"*\" is reserved for the wildcard matcher and cannot be published");
      }
      if (reserved.contains(topic)) {
        throw new HttpStatusException(400,
            "topic resolves into the hub's reserved namespace \"" + Subscriptions.HUB_PATH + "\"");
      }
      update.topic(topic);
    }
    String id = first(form, "id");
    if (id == null || id.isEmpty()) {
      update.id(ids.get());
    } else if (id.startsWith("#") || !TopicStrings.isProtocolString(id)) {
      throw new HttpStatusException(400,
          "invalid id: must not start with # or contain control or format characters");
    } else if (id.equals("earliest")) {
      throw new HttpStatusException(400, "invalid id: earliest is reserved");
    } else {
      update.id(id); // Publisher-supplied ids are honoured, as the reference hub does.
    }
    String data = first(form, "data");
    if (data != null) {
      if (!TopicStrings.isValidUtf16(data)) {
        throw new HttpStatusException(400, "data is not valid UTF-8");
      }
      update.data(data);
    }
    update.privateUpdate(form.containsKey("private"));
    String type = first(form, "type");
    if (type != null) {
      if (!TopicStrings.isProtocolString(type)) {
        throw new HttpStatusException(400, "invalid type: has control or format characters");
      }
      if (type.equals(RESERVED_TYPE)) {
        throw new HttpStatusException(400, "invalid type: \"mercure\" is reserved for subscription events");
      }
      update.type(type);
    }
    String retry = first(form, "retry");
    if (retry != null) {
      if (retry.isEmpty() || retry.length() > 18 || !retry.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new HttpStatusException(400, "invalid retry: must be ASCII digits (milliseconds)");
      }
      update.retry(Duration.ofMillis(Long.parseLong(retry)));
    }
    return update.build();
  }

  /** The {@code Content-Type} media type, lower case, without parameters; empty if none. */
  private static String mediaType(Request call) {
    String type = call.header("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
