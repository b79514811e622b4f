package dev.sluice.client;

import dev.sluice.EventHandler;
import dev.sluice.EventParser;
import dev.sluice.LimitExceededException;
import dev.sluice.ServerSentEvent;
import dev.sluice.client.internal.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WHATWG EventSource processing model behind {@link EventSource}: connect, check the response,
 * read and dispatch, then reconnect, fail or close.
 *
 * <h3>Threads</h3>
 * Each attempt runs on a fresh daemon reader thread that blocks in the transport; attempts never
 * overlap, and each starts from a scheduler task queued by the one before, so the reader-only state
 * below passes from one to the next with a happens-before edge. {@link #close()} may be called from
 * any thread, including a listener callback: it cancels the exchange, which unblocks the read.
 */
final class ConnectionLoop implements EventHandler {
  private static final int READ_BUFFER_SIZE = 16 * 1024;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final EventSource.Settings settings;
  private final EventSourceListener listener;
  private final EventParser parser; // Reader thread only.
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final AtomicBoolean closedReported = new AtomicBoolean();

  // Reader thread only.
  private RetryDelayStrategy retryDelay;
  private ErrorStrategy errors;
  private Instant openedAt; // Null unless the current attempt opened a stream.
  private SseClientException limitFailure;
  private byte[] readBuffer;
  /** Copy of the parser's last event ID for other threads; written by the reader after each chunk. */
  private volatile String lastEventId;

  private final Object lock = new Object();
  // Guarded by lock; closing is also read without it to stop dispatching promptly.
  private volatile ReadyState state = ReadyState.CONNECTING;
  private volatile boolean closing;
  private boolean started;
  private boolean attemptRunning;
  private Scheduler.Task pendingReconnect;
  private Transport.Exchange exchange;
  private SseClientException failure;

  ConnectionLoop(EventSource.Settings settings, EventSourceListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.parser = EventParser.builder()
        .lastEventId(settings.lastEventId())
        .maxLineLength(settings.maxLineLength())
        .maxEventSize(settings.maxEventSize())
        .build(this);
    this.lastEventId = settings.lastEventId();
    this.retryDelay = settings.retryDelayStrategy();
    this.errors = settings.errorStrategy();
  }

  void start() {
    synchronized (lock) {
      if (started) throw new IllegalStateException("already started");
      started = true;
      if (closing) return;
      attemptRunning = true;
    }
    startReader();
  }

  void close() {
    Scheduler.Task reconnect;
    Transport.Exchange current;
    boolean running;
    synchronized (lock) {
      if (closing) return;
      closing = true;
      state = ReadyState.CLOSED;
      reconnect = pendingReconnect;
      pendingReconnect = null;
      current = exchange;
      running = attemptRunning;
    }
    if (reconnect != null) reconnect.cancel();
    if (!running) {
      reportClosed();
    } else if (current != null) {
      current.cancel(); // The reader thread wakes up, sees closing, and reports onClosed.
    }
  }

  ReadyState readyState() {
    return state;
  }

  /** The last event ID string, as of the last chunk read. */
  String lastEventId() {
    return lastEventId;
  }

  Optional<SseClientException> failure() {
    synchronized (lock) {
      return Optional.ofNullable(failure);
    }
  }

  boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void startReader() {
    Thread thread = new Thread(this::runAttempt, "sluice-eventsource-" + THREAD_IDS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void runAttempt() {
    Outcome outcome;
    try {
      outcome = connectAndRead();
    } catch (RuntimeException | Error e) {
      outcome = closing ? Outcome.CLOSED_OUTCOME
          : Outcome.fatal(e instanceof SseClientException ? (SseClientException) e
              : new SseClientException("event source failed: " + e, e));
    } finally {
      parser.end(); // The next stream starts with fresh buffers and the same last event ID.
    }
    afterAttempt(outcome);
  }

  private Outcome connectAndRead() {
    Transport.Request request = settings.requests().next(parser.lastEventId());
    Transport.Exchange current = settings.transport().start(request);
    synchronized (lock) {
      if (closing) {
        current.cancel();
        return Outcome.CLOSED_OUTCOME;
      }
      exchange = current;
    }
    Watchdog watchdog = settings.readTimeout().isZero() ? null
        : new Watchdog(settings.readTimeout(), settings.clock(), settings.scheduler(), current::cancel);
    if (watchdog != null) watchdog.start();
    try {
      Transport.Response response = current.response();
      if (watchdog != null) watchdog.activity();
      Outcome rejected = check(response, request);
      if (rejected != null) return rejected;
      synchronized (lock) {
        if (closing) return Outcome.CLOSED_OUTCOME;
        state = ReadyState.OPEN;
      }
      openedAt = settings.clock().instant();
      errors = settings.errorStrategy(); // Failures count afresh from each stream that opened.
      listener.onOpen();
      return read(response.body(), watchdog);
    } catch (IOException e) {
      if (closing) return Outcome.CLOSED_OUTCOME;
      if (watchdog != null && watchdog.fired()) {
        return Outcome.retryable(new SseReadTimeoutException(settings.readTimeout()), null);
      }
      return Outcome.retryable(new SseClientException(describe(e, request), e), null);
    } finally {
      if (watchdog != null) watchdog.stop();
      current.cancel();
      synchronized (lock) {
        exchange = null;
      }
    }
  }

  /** The outcome for a response that does not open a stream, or null if it does. */
  private Outcome check(Transport.Response response, Transport.Request request) {
    int status = response.status();
    String uri = request.uri().toString();
    if (status == 204) return Outcome.NO_CONTENT_OUTCOME;
    // Only 200 opens a stream: a browser fails the connection on any other status, 2xx included.
    if (status != 200) {
      SseHttpStatusException error = new SseHttpStatusException(status, uri);
      if (!error.retryable()) return Outcome.fatal(error);
      Duration retryAfter = response.header("Retry-After")
          .flatMap(value -> RetryAfter.parse(value, settings.clock().instant()))
          .orElse(null);
      return Outcome.retryable(error, retryAfter);
    }
    String contentType = response.header("Content-Type").orElse(null);
    if (!ContentTypes.isEventStream(contentType)) {
      return Outcome.fatal(new SseContentTypeException(contentType, uri));
    }
    return null;
  }

  private Outcome read(InputStream body, Watchdog watchdog) throws IOException {
    if (readBuffer == null) readBuffer = new byte[READ_BUFFER_SIZE];
    byte[] buffer = readBuffer;
    while (true) {
      int count = body.read(buffer);
      if (count < 0) return closing ? Outcome.CLOSED_OUTCOME : Outcome.END_OF_STREAM_OUTCOME;
      if (watchdog != null) watchdog.enterConsumer();
      try {
        parser.feed(buffer, 0, count);
      } catch (RuntimeException e) {
        if (closing) return Outcome.CLOSED_OUTCOME;
        return Outcome.fatal(new SseClientException("listener failed: " + e, e));
      }
      if (watchdog != null) watchdog.leaveConsumer();
      lastEventId = parser.lastEventId();
      if (limitFailure != null) return Outcome.fatal(limitFailure);
    }
  }

  private void afterAttempt(Outcome outcome) {
    switch (outcome.kind()) {
      case CLOSED:
      case NO_CONTENT:
        finish();
        break;
      case FATAL:
        finishWith(outcome.error());
        break;
      case RETRYABLE:
        ErrorStrategy.Result decision = errors.apply(outcome.error(), settings.clock().instant());
        errors = decision.next();
        if (!settings.reconnect() || decision.action() == ErrorStrategy.Action.STOP) {
          finishWith(outcome.error());
        } else {
          safely(() -> listener.onError(outcome.error()));
          reconnect(outcome.retryAfter());
        }
        break;
      case END_OF_STREAM:
        if (settings.reconnect()) {
          reconnect(null);
        } else {
          finish();
        }
        break;
      default:
        throw new AssertionError(outcome);
    }
  }

  private void reconnect(Duration retryAfter) {
    Duration uptime = openedAt == null ? Duration.ZERO
        : Duration.between(openedAt, settings.clock().instant());
    openedAt = null;
    RetryDelayStrategy.Result next = retryDelay.next(uptime);
    retryDelay = next.next();
    Duration delay = next.delay();
    // The server's Retry-After is a floor: never sooner than it asked, never less than backoff.
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) delay = retryAfter;
    synchronized (lock) {
      if (!closing) {
        state = ReadyState.CONNECTING;
        attemptRunning = false;
        pendingReconnect = settings.scheduler().schedule(delay, this::launchReconnect);
        return;
      }
    }
    finish();
  }

  private void launchReconnect() {
    synchronized (lock) {
      if (closing) return;
      pendingReconnect = null;
      attemptRunning = true;
    }
    startReader();
  }

  private void finishWith(SseClientException error) {
    synchronized (lock) {
      if (failure == null) failure = error;
      state = ReadyState.CLOSED;
      closing = true;
    }
    safely(() -> listener.onError(error));
    finish();
  }

  private void finish() {
    synchronized (lock) {
      closing = true;
      state = ReadyState.CLOSED;
      attemptRunning = false;
    }
    reportClosed();
  }

  private void reportClosed() {
    if (!closedReported.compareAndSet(false, true)) return;
    safely(listener::onClosed);
    closedLatch.countDown();
  }

  /** Runs a callback whose failure has nowhere left to go; the source is already deciding or done. */
  private static void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      System.getLogger(ConnectionLoop.class.getName())
          .log(System.Logger.Level.WARNING, "event source listener threw", e);
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return true;
    }
    return false;
  }

  private static String describe(IOException e, Transport.Request request) {
    String detail;
    if (e instanceof java.net.http.HttpConnectTimeoutException) {
      detail = "connect timed out";
    } else if (hasCause(e, java.nio.channels.UnresolvedAddressException.class)) {
      detail = "unknown host " + request.uri().getHost(); // Also a ConnectException, without a message.
    } else if (e instanceof java.net.ConnectException) {
      detail = "connection refused"; // java.net.http gives it no message of its own.
    } else {
      detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "connection to " + request.uri() + " failed: " + detail;
  }

  // EventHandler: the parser calls these on the reader thread, inside feed().

  @Override
  public void onEvent(ServerSentEvent event) {
    if (closing || limitFailure != null) return; // After close(), a browser dispatches nothing.
    listener.onEvent(event);
  }

  @Override
  public void onComment(String comment) {
    if (closing || limitFailure != null) return;
    listener.onComment(comment);
  }

  @Override
  public void onRetry(long retryMillis) {
    if (closing || limitFailure != null) return;
    Duration retry = Duration.ofMillis(retryMillis);
    retryDelay = retryDelay.withBaseDelay(retry);
    listener.onRetry(retry);
  }

  @Override
  public void onLimitExceeded(LimitExceededException error) {
    if (limitFailure == null) limitFailure = new SseLimitExceededException(error);
  }
}
