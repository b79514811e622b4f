package dev.sluice.client;

import dev.sluice.EventParser;
import dev.sluice.ServerSentEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client for a {@code text/event-stream}, with the WHATWG {@code EventSource} processing model:
 * it connects, dispatches events, and when the stream ends or breaks, reconnects and resumes from
 * the last event ID it saw.
 *
 * <h3>Lifecycle</h3>
 * {@link ReadyState#CONNECTING} until a stream opens ({@link ReadyState#OPEN}); back to CONNECTING
 * while waiting to reconnect; {@link ReadyState#CLOSED} for good after {@link #close()}, a 204 No
 * Content, or a failure not retried. A 2xx response that is not {@code text/event-stream}, or any
 * 4xx but 429, fails without reconnecting; network errors, read timeouts, 5xx and 429 are retried as
 * the {@link ErrorStrategy} says, after the {@link RetryDelayStrategy}'s delay (and any {@code
 * Retry-After}). A stream the server ends cleanly is always reconnected.
 *
 * <h3>Requests</h3>
 * Every attempt sends {@code Accept: text/event-stream}, {@code Cache-Control: no-cache}, the
 * configured headers, and {@code Last-Event-ID} once an ID is known (see {@link LastEventIds} for
 * IDs that are not ASCII). The URL and header suppliers are called for every attempt.
 *
 * <h3>Threads</h3>
 * Listener callbacks run on the source's own reader thread, one at a time. {@link #close()} may be
 * called from any thread, any number of times, and ends a blocked read at once.
 *
 * <pre>{@code
 * EventSource source = EventSource.builder(URI.create("https://example.com/stream"))
 *     .header("Authorization", "Bearer " + token)
 *     .listener(event -> System.out.println(event.type() + ": " + event.data()))
 *     .build();
 * source.start();
 * ...
 * source.close();
 * }</pre>
 * For pull-style consumption see {@link Builder#stream()} and {@link Builder#publisher()}.
 */
public final class EventSource implements AutoCloseable {
  /** Default {@link Builder#readTimeout}: 5 minutes, a safety net for dead connections. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

  private final ConnectionLoop loop;

  private EventSource(Settings settings, EventSourceListener listener) {
    this.loop = new ConnectionLoop(settings, listener);
  }

  public static Builder builder(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return new Builder(() -> uri);
  }

  /** A builder whose URL is asked for anew on every attempt, for example to rotate a signed URL. */
  public static Builder builder(Supplier<URI> uri) {
    return new Builder(Objects.requireNonNull(uri, "uri"));
  }

  /**
   * Starts connecting on the source's own thread and returns at once.
   *
   * @throws IllegalStateException if already started
   */
  public EventSource start() {
    loop.start();
    return this;
  }

  /** Closes the source for good: no more callbacks but {@link EventSourceListener#onClosed}. */
  @Override
  public void close() {
    loop.close();
  }

  public ReadyState readyState() {
    return loop.readyState();
  }

  /** The ID sent as {@code Last-Event-ID} on the next attempt; empty when there is none. */
  public String lastEventId() {
    return loop.lastEventId();
  }

  /** The failure that closed the source, if one did. */
  public Optional<SseClientException> failure() {
    return loop.failure();
  }

  /** Waits until the source is closed and {@code onClosed} has returned; false on timeout. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return loop.awaitClosed(timeout);
  }

  /** What the engine needs; built once, immutable. */
  record Settings(RequestFactory requests, String lastEventId, RetryDelayStrategy retryDelayStrategy,
      ErrorStrategy errorStrategy, boolean reconnect, Duration readTimeout, int maxLineLength, int maxEventSize,
      Clock clock, Scheduler scheduler, Transport transport) {}

  /** Configures an {@link EventSource}. Not thread-safe; each build takes a snapshot. */
  public static final class Builder {
    private final Supplier<URI> uri;
    private String method = "GET";
    private byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Supplier<Map<String, String>> headerSupplier;
    private String lastEventId = "";
    private String lastEventIdQueryParameter;
    private RetryDelayStrategy retryDelayStrategy = RetryDelayStrategy.defaultStrategy();
    private ErrorStrategy errorStrategy = ErrorStrategy.alwaysRetry();
    private boolean reconnect = true;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxLineLength = EventParser.DEFAULT_MAX_LINE_LENGTH;
    private int maxEventSize = EventParser.DEFAULT_MAX_EVENT_SIZE;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = Scheduler.system();
    private Transport transport;
    private EventSourceListener listener;
    private final Map<String, List<Consumer<ServerSentEvent>>> typed = new HashMap<>();

    private Builder(Supplier<URI> uri) {
      this.uri = uri;
    }

    /** The request method, {@code GET} by default. */
    public Builder method(String method) {
      Objects.requireNonNull(method, "method");
      if (method.isEmpty()) throw new IllegalArgumentException("method is empty");
      this.method = method;
      return this;
    }

    /** {@code POST} with this body, sent again on every attempt. Set a Content-Type header too. */
    public Builder post(byte[] body) {
      this.method = "POST";
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /** {@code POST} with this body, UTF-8 encoded. */
    public Builder post(String body) {
      return post(Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8));
    }

    /** A header sent on every attempt, replacing any earlier value for the name. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Headers asked for on every attempt, for example a fresh bearer token; they win over {@link #header}. */
    public Builder headers(Supplier<Map<String, String>> headerSupplier) {
      this.headerSupplier = Objects.requireNonNull(headerSupplier, "headerSupplier");
      return this;
    }

    /** The ID to resume from on the first attempt, as if an earlier stream had set it. */
    public Builder lastEventId(String lastEventId) {
      this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
      return this;
    }

    /**
     * Sends the last event ID as this URL query parameter instead of the {@code Last-Event-ID}
     * header: exact for any ID, for servers that read one, such as Mercure hubs ({@code lastEventID}).
     */
    public Builder lastEventIdQueryParameter(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) throw new IllegalArgumentException("name is empty");
      this.lastEventIdQueryParameter = name;
      return this;
    }

    public Builder retryDelayStrategy(RetryDelayStrategy retryDelayStrategy) {
      this.retryDelayStrategy = Objects.requireNonNull(retryDelayStrategy, "retryDelayStrategy");
      return this;
    }

    public Builder errorStrategy(ErrorStrategy errorStrategy) {
      this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
      return this;
    }

    /**
     * Whether to reconnect at all. With {@code false} the source reads one stream: a clean end
     * closes it without a failure, and any failure closes it with one. Default {@code true}.
     */
    public Builder reconnect(boolean reconnect) {
      this.reconnect = reconnect;
      return this;
    }

    /**
     * Drop and reopen the connection when no byte, not even a comment, arrives for this long.
     * {@link Duration#ZERO} disables it. Default {@link #DEFAULT_READ_TIMEOUT}.
     */
    public Builder readTimeout(Duration readTimeout) {
      Objects.requireNonNull(readTimeout, "readTimeout");
      if (readTimeout.isNegative()) throw new IllegalArgumentException("readTimeout < 0: " + readTimeout);
      this.readTimeout = readTimeout;
      return this;
    }

    /** The longest line accepted, in bytes; see {@link EventParser.Builder#maxLineLength}. */
    public Builder maxLineLength(int maxLineLength) {
      if (maxLineLength < 1) throw new IllegalArgumentException("maxLineLength < 1: " + maxLineLength);
      this.maxLineLength = maxLineLength;
      return this;
    }

    /** The most data one event may carry, in bytes; see {@link EventParser.Builder#maxEventSize}. */
    public Builder maxEventSize(int maxEventSize) {
      if (maxEventSize < 1) throw new IllegalArgumentException("maxEventSize < 1: " + maxEventSize);
      this.maxEventSize = maxEventSize;
      return this;
    }

    /** The clock for backoff reset, time budgets, {@code Retry-After} dates and the read timeout. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where reconnect delays and watchdog checks are scheduled; {@link Scheduler#system()} by default. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The HTTP transport; {@link HttpClientTransport#create()} by default. */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Receives every callback. */
    public Builder listener(EventSourceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Also calls {@code handler} for each event of this type, after the listener, as a browser's
     * {@code addEventListener(type, ...)}. Unnamed events have type {@code message}.
     */
    public Builder on(String type, Consumer<ServerSentEvent> handler) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
      typed.computeIfAbsent(type, unused -> new ArrayList<>()).add(handler);
      return this;
    }

    /** An unstarted source; call {@link EventSource#start()}. */
    public EventSource build() {
      return build(listener == null ? event -> {} : listener);
    }

    /** Starts a source whose events are read with a blocking iterator; see {@link EventStream}. */
    public EventStream stream() {
      return stream(EventStream.DEFAULT_CAPACITY);
    }

    /** As {@link #stream()}, buffering at most {@code capacity} events ahead of the consumer. */
    public EventStream stream(int capacity) {
      return EventStream.open(this, capacity);
    }

    /** A publisher that opens one source per subscriber; see {@link EventPublisher}. */
    public EventPublisher publisher() {
      return publisher(EventPublisher.DEFAULT_CAPACITY);
    }

    /** As {@link #publisher()}, buffering at most {@code capacity} events ahead of demand. */
    public EventPublisher publisher(int capacity) {
      return new EventPublisher(this, capacity);
    }

    /** Builds with {@code listener} in place of the configured one (typed handlers still apply). */
    EventSource build(EventSourceListener listener) {
      RequestFactory requests = new RequestFactory(uri, method, body, Map.copyOf(headers),
          headerSupplier, lastEventIdQueryParameter);
      Settings settings = new Settings(requests, lastEventId, retryDelayStrategy, errorStrategy,
          reconnect, readTimeout, maxLineLength, maxEventSize, clock, scheduler,
          transport != null ? transport : HttpClientTransport.create());
      return new EventSource(settings, TypedDispatch.wrap(listener, typed));
    }
  }
}
