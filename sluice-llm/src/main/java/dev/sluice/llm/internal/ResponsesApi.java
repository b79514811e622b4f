package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.llm.LlmAuthorizer;
import dev.sluice.llm.LlmLimits;
import dev.sluice.llm.ModelUpstream;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the relay: {@code POST /v1/responses}, {@code GET /v1/responses/{id}} (object or
 * stream) and {@code POST /v1/responses/{id}/cancel}. Handlers run on the event loop and never
 * block: every wait is a stage on the log, bounded by a timeout. Thread-safe.
 */
public final class ResponsesApi {
  private static final String PREFIX = "/v1/responses/";
  /** How long an unknown response id waits for this node to hear of it before the 404. */
  private static final long UNKNOWN_ID_GRACE_MILLIS = 1000;

  private final UpdateLog log;
  private final LogFeed feed;
  private final ModelUpstream upstream;
  private final LlmAuthorizer authorizer;
  private final LlmLimits limits;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final RelayMeters meters;
  private final String node;
  private final Map<String, Generation> running = new ConcurrentHashMap<>();

  public ResponsesApi(UpdateLog log, LogFeed feed, ModelUpstream upstream, LlmAuthorizer authorizer, LlmLimits limits,
      Clock clock, ScheduledExecutorService timer, RelayMeters meters, String node) {
    this.log = log;
    this.feed = feed;
    this.upstream = upstream;
    this.authorizer = authorizer;
    this.limits = limits;
    this.clock = clock;
    this.timer = timer;
    this.meters = meters;
    this.node = node;
  }

  /** Generations running on this node now. */
  public int running() {
    return running.size();
  }

  /** Ends every generation on this node as failed, for shutdown. */
  public void abandonAll() {
    running.values().forEach(Generation::abandon);
  }

  // POST /v1/responses

  public CompletionStage<Response> create(Request request) {
    LlmAuthorizer.Caller caller = caller(request);
    String subject = caller.subject();
    byte[] body = request.body();
    if (body.length > limits.maxInputBytes()) {
      throw new HttpStatusException(413, "request body over " + limits.maxInputBytes() + " bytes");
    }
    CreateRequest create = CreateRequest.parse(body);
    Optional<String> key = request.header("Idempotency-Key");
    if (key.isEmpty()) {
      String id = "resp_" + UUID.randomUUID().toString().replace("-", "");
      mayCreate(caller, id);
      return startGeneration(id, subject, create).thenCompose(started -> awaitCreated(id))
          .thenCompose(created -> answer(id, create, created));
    }
    if (key.get().isEmpty() || key.get().length() > 255) {
      throw new HttpStatusException(400, "Idempotency-Key must be 1 to 255 characters");
    }
    String id = idempotentId(subject, key.get());
    mayCreate(caller, id);
    return lookupMeta(id).thenCompose(meta -> meta.isPresent()
        ? awaitCreated(id).thenCompose(created -> answer(id, create, created))
        : claim(id).thenCompose(won -> won
            ? startGeneration(id, subject, create).thenCompose(started -> awaitCreated(id))
                .thenCompose(created -> answer(id, create, created))
            : awaitCreated(id).thenCompose(created -> answer(id, create, created))));
  }

  private CompletionStage<Void> startGeneration(String id, String subject, CreateRequest create) {
    int now;
    do {
      now = meters.active.get();
      if (now >= limits.maxConcurrentGenerations()) {
        throw new HttpStatusException(429, "too many generations on this node; retry later", Map.of("Retry-After", "1"));
      }
    } while (!meters.active.compareAndSet(now, now + 1));
    Generation generation = new Generation(id, log, limits, clock, meters, ended -> {
      running.remove(ended.responseId(), ended);
      meters.active.decrementAndGet();
    });
    running.put(id, generation);
    ObjectNode meta = Json.object();
    meta.put("owner", subject);
    meta.put("node", node);
    meta.put("lease_deadline_ms", limits.leaseDeadline().toMillis());
    ObjectNode created = ResponseEvents.response(id, create.prompt().model(), clock.millis() / 1000,
        create.background(), create.prompt().instructions());
    return generation.start(meta, created, upstream, create.prompt(), feed, timer)
        .exceptionally(failure -> {
          throw new HttpStatusException(503, "the log could not store the response; retry later");
        });
  }

  /** Answers a create (new or attached) as the request asked: a stream, the created object, or the final one. */
  private CompletionStage<Response> answer(String id, CreateRequest create, StoredUpdate created) {
    if (create.stream()) return CompletableFuture.completedFuture(stream(id, -1, false));
    if (create.background()) {
      // History may not show the created event yet (this node's listener is still handing it out),
      // so an answer with nothing newer falls back to the event itself.
      return current(id).handle((fold, failure) -> {
        ObjectNode response = fold != null ? fold.response() : null;
        if (response == null) response = (ObjectNode) Json.read(created.update().data()).get("response");
        return Response.json(Json.write(response));
      });
    }
    return collect(id, limits.maxGeneration().plus(limits.leaseDeadline()).toMillis());
  }

  // GET /v1/responses/{id} and POST /v1/responses/{id}/cancel

  public CompletionStage<Response> get(Request request) {
    String id = responseId(request.path(), false);
    LlmAuthorizer.Caller caller = caller(request);
    return authorized(id, caller).thenCompose(meta -> {
      if (request.query("stream").map(Boolean::parseBoolean).orElse(false)) {
        long after = cursor(request);
        if (after < 0) return CompletableFuture.completedFuture(stream(id, after, false));
        meters.resumed.increment();
        // A reconnect after the last event gets 204, which tells an EventSource to stop reconnecting.
        return current(id).thenApply(fold -> fold.isTerminal() && after >= fold.lastSequence()
            ? Response.status(204) : stream(id, after, true));
      }
      return current(id).thenApply(fold -> Response.json(Json.write(state(fold))));
    });
  }

  public CompletionStage<Response> cancel(Request request) {
    String id = responseId(request.path(), true);
    LlmAuthorizer.Caller caller = caller(request);
    return authorized(id, caller).thenCompose(meta -> current(id)).thenCompose(fold -> {
      if (fold.isTerminal() || leaseExpired(fold)) return CompletableFuture.completedFuture(Response.json(Json.write(state(fold))));
      return log.append(LogRecords.record(id, LogRecords.uniqueId(id, "cancel"), LogRecords.TYPE_CANCEL, "{}"))
          .thenCompose(stored -> collect(id, 2 * limits.leaseDeadline().toMillis()));
    });
  }

  private Response stream(String id, long after, boolean resumed) {
    long opened = System.nanoTime();
    return Response.sse(stream -> new ResponseReader(id, after, log, feed, new SseReaderSink(stream), clock,
        limits.leaseDeadline().toMillis(), () -> {
          if (resumed) meters.catchUp.record(System.nanoTime() - opened, TimeUnit.NANOSECONDS);
        }).start());
  }

  /** Waits for the response's end and answers with it. */
  private CompletionStage<Response> collect(String id, long timeoutMillis) {
    CollectingSink sink = new CollectingSink(timer);
    new ResponseReader(id, -1, log, feed, sink, clock, limits.leaseDeadline().toMillis(), () -> {}).start();
    return sink.result().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .thenApply(result -> Response.json(Json.write(result.orElseThrow(() ->
            new HttpStatusException(404, "no such response")))));
  }

  /** Reads every stored record of the response and folds them. */
  private CompletionStage<ResponseFold> current(String id) {
    ResponseFold fold = new ResponseFold();
    return log.historyAfter(LogRecords.metaId(id), ResponseReader.PAGE).thenCompose(lookup -> {
      if (!(lookup instanceof HistoryLookup.Found found)) throw new HttpStatusException(404, "no such response");
      found.history().anchor().ifPresent(fold::accept);
      return foldPages(id, fold, found.history());
    });
  }

  private CompletionStage<ResponseFold> foldPages(String id, ResponseFold fold, dev.sluice.hub.spi.History page) {
    for (StoredUpdate stored : page.updates()) {
      if (id.equals(LogRecords.responseIdOf(stored))) fold.accept(stored);
    }
    if (page.complete() || fold.isTerminal()) return CompletableFuture.completedFuture(fold);
    return log.historyFrom(page.lastPosition(0), ResponseReader.PAGE).thenCompose(next -> foldPages(id, fold, next));
  }

  private ObjectNode state(ResponseFold fold) {
    return !fold.isTerminal() && leaseExpired(fold) ? fold.lostResponse() : fold.response();
  }

  private boolean leaseExpired(ResponseFold fold) {
    return clock.millis() - fold.lastHeardMillis() > limits.leaseDeadline().toMillis();
  }

  // Idempotency: the first claim in log order wins, on every node alike.

  private CompletionStage<Boolean> claim(String id) {
    String mine = LogRecords.uniqueId(id, "claim");
    CompletableFuture<Boolean> decided = new CompletableFuture<>();
    AutoCloseable watch = feed.watch(id, stored -> {
      if (stored.id().equals(mine)) decided.complete(mine.equals(feed.firstClaim(id)));
    });
    log.append(LogRecords.record(id, mine, LogRecords.TYPE_CLAIM, "{}"))
        .whenComplete((stored, failure) -> {
          if (failure != null) decided.completeExceptionally(new HttpStatusException(503, "the log is unavailable; retry later"));
        });
    return decided.orTimeout(limits.leaseDeadline().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((won, failure) -> closeQuietly(watch));
  }

  /**
   * Waits until this node has heard the response's {@code response.created} event. Stored is not
   * enough: a log may answer history reads only up to what its listener delivered (the Redis log
   * does), and the answer to a create must be readable on this node at once.
   */
  private CompletionStage<StoredUpdate> awaitCreated(String id) {
    return awaitHeard(id, LogRecords.eventId(id, 0), limits.leaseDeadline().toMillis());
  }

  /** Completes when record {@code recordId} of response {@code id} is readable here, or times out. */
  private CompletableFuture<StoredUpdate> awaitHeard(String id, String recordId, long timeoutMillis) {
    CompletableFuture<StoredUpdate> heard = new CompletableFuture<>();
    AutoCloseable watch = feed.watch(id, stored -> {
      if (stored.id().equals(recordId)) heard.complete(stored);
    });
    log.historyAfter(recordId, 1).thenAccept(lookup -> { // Heard before the watch began?
      if (lookup instanceof HistoryLookup.Found found) found.history().anchor().ifPresent(heard::complete);
    });
    return heard.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .whenComplete((stored, failure) -> closeQuietly(watch));
  }

  // Lookups and checks.

  private CompletionStage<Optional<StoredUpdate>> lookupMeta(String id) {
    return log.historyAfter(LogRecords.metaId(id), 1).thenApply(lookup ->
        lookup instanceof HistoryLookup.Found found ? found.history().anchor() : Optional.empty());
  }

  /**
   * The meta record, when the response exists, is not expired, and {@code subject} may read it; else
   * 404. A response created on another node a moment ago may not be readable here yet (this node's
   * listener is behind), so an unknown id waits briefly for its meta record before it is a 404.
   */
  private CompletionStage<StoredUpdate> authorized(String id, LlmAuthorizer.Caller caller) {
    return lookupMeta(id).thenCompose(meta -> meta.isPresent()
        ? CompletableFuture.completedFuture(meta)
        : awaitHeard(id, LogRecords.metaId(id), UNKNOWN_ID_GRACE_MILLIS)
            .handle((stored, failure) -> Optional.ofNullable(stored))
    ).thenApply(meta -> {
      StoredUpdate stored = meta.orElseThrow(() -> new HttpStatusException(404, "no such response"));
      String owner = Json.read(stored.update().data()).path("owner").asText();
      if (!caller.mayRead(id, owner)) throw new HttpStatusException(404, "no such response");
      long expiresAt = stored.storedAt().toEpochMilli() + limits.maxGeneration().plus(limits.retention()).toMillis();
      if (clock.millis() > expiresAt) throw new HttpStatusException(404, "no such response (expired)");
      return stored;
    });
  }

  private static void mayCreate(LlmAuthorizer.Caller caller, String id) {
    if (!caller.mayCreate(id)) throw new HttpStatusException(403, "this token may not create responses");
  }

  private LlmAuthorizer.Caller caller(Request request) {
    Optional<String> token = request.header("Authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).strip());
    return authorizer.caller(token).orElseThrow(() -> new HttpStatusException(401, "a valid bearer token is required",
        Map.of("WWW-Authenticate", "Bearer")));
  }

  private static long cursor(Request request) {
    Optional<String> raw = request.query("starting_after").or(request::lastEventId);
    if (raw.isEmpty() || raw.get().isEmpty()) return -1;
    try {
      long after = Long.parseLong(raw.get().strip());
      if (after < -1) throw new NumberFormatException();
      return after;
    } catch (NumberFormatException e) {
      throw new HttpStatusException(400, "starting_after must be a sequence number");
    }
  }

  private static String responseId(String path, boolean cancel) {
    if (!path.startsWith(PREFIX)) throw new HttpStatusException(404, "not found");
    String rest = path.substring(PREFIX.length());
    if (cancel) {
      if (!rest.endsWith("/cancel")) throw new HttpStatusException(404, "not found");
      rest = rest.substring(0, rest.length() - "/cancel".length());
    }
    if (!rest.matches("resp_[0-9a-f]{1,64}")) throw new HttpStatusException(404, "no such response");
    return rest;
  }

  static String idempotentId(String subject, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((subject + "\0" + key).getBytes(StandardCharsets.UTF_8));
      return "resp_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Feed watches close without failing.
    }
  }
}
