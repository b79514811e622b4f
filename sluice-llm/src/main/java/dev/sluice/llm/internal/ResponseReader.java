package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Reads one response to a sink from a cursor: first the stored events after it, then the live ones
 * as the log delivers them, in sequence order without gap or duplicate, until the terminal event.
 *
 * <h3>Joining history to the live feed</h3>
 * The reader watches the response's records before it reads history, buffering what arrives
 * meanwhile. Once history is read to its end it delivers the buffer, skipping sequence numbers
 * already sent. If a live event ever arrives ahead of the next expected number (a gap), the reader
 * reads history again from the last number it sent: numbers, not log positions, decide.
 *
 * <h3>A generating node that died</h3>
 * Every record of the response (events and lease records) counts as a sign of life. When none
 * arrived for the lease deadline and no terminal event was seen, the reader delivers a
 * {@code response.failed} event with the next sequence number and ends: readers never hang.
 *
 * <p>Executor-confined: every method but {@link #start} runs on the sink's executor.
 */
public final class ResponseReader {
  /** Records read per history page. */
  static final int PAGE = 512;
  /** Live records buffered while history is read; past it they are dropped and read from history. */
  static final int MAX_BUFFERED = 4096;

  private final String responseId;
  private final UpdateLog log;
  private final LogFeed feed;
  private final ReaderSink sink;
  private final Clock clock;
  private final long leaseDeadlineMillis;
  private final Runnable onCaughtUp;

  // Executor-confined.
  private final ResponseFold fold = new ResponseFold();
  private final ArrayDeque<StoredUpdate> buffered = new ArrayDeque<>();
  private long next;
  private boolean live;
  private boolean reading;
  private boolean done;
  private boolean rechecked;
  private AutoCloseable watch;

  /**
   * @param after the last sequence number the client has; -1 to read from the start
   * @param onCaughtUp run once when the reader first reaches the live end (or the response's end)
   */
  public ResponseReader(String responseId, long after, UpdateLog log, LogFeed feed, ReaderSink sink, Clock clock,
      long leaseDeadlineMillis, Runnable onCaughtUp) {
    this.responseId = responseId;
    this.next = after + 1;
    this.log = log;
    this.feed = feed;
    this.sink = sink;
    this.clock = clock;
    this.leaseDeadlineMillis = leaseDeadlineMillis;
    this.onCaughtUp = onCaughtUp;
  }

  /** Starts reading; call once, from any thread. */
  public void start() {
    sink.executor().execute(() -> {
      watch = feed.watch(responseId, stored -> sink.executor().execute(() -> onLive(stored)));
      sink.onClose(() -> sink.executor().execute(this::stop));
      sink.every(java.time.Duration.ofMillis(Math.max(10, leaseDeadlineMillis / 4)), this::checkLease);
      catchUp(true);
    });
  }

  private void catchUp(boolean fromMeta) {
    live = false;
    reading = true;
    // The meta record comes first in the log, so reading from it also yields the owner and lease.
    String after = fromMeta || next == 0 ? LogRecords.metaId(responseId) : LogRecords.eventId(responseId, next - 1);
    on(log.historyAfter(after, PAGE), lookup -> {
      if (lookup instanceof HistoryLookup.Found found) {
        found.history().anchor().ifPresent(this::apply);
        page(found.history());
      } else if (!after.equals(LogRecords.metaId(responseId))) {
        catchUp(true); // The cursor's event was never stored or is gone: read all, skip what was sent.
      } else {
        finish(null); // The response is not in the log (any more).
      }
    });
  }

  private void page(History history) {
    for (StoredUpdate stored : history.updates()) {
      if (done) return;
      if (responseId.equals(LogRecords.responseIdOf(stored))) apply(stored);
    }
    if (done) return;
    if (!history.complete()) {
      on(log.historyFrom(history.lastPosition(0), PAGE), this::page);
      return;
    }
    reading = false;
    live = true;
    onCaughtUp.run();
    if (fold.isTerminal() && next > fold.lastSequence()) {
      finish(fold.response()); // Resumed after the end: nothing more will come.
      return;
    }
    while (live && !done && !buffered.isEmpty()) apply(buffered.poll());
  }

  private void onLive(StoredUpdate stored) {
    if (done) return;
    fold.heard(clock.millis());
    if (!live) {
      if (buffered.size() < MAX_BUFFERED) buffered.add(stored); // Else history has it anyway.
      return;
    }
    apply(stored);
  }

  private void apply(StoredUpdate stored) {
    OptionalLong sequence = fold.accept(stored);
    if (sequence.isEmpty() || done) return;
    long s = sequence.getAsLong();
    if (s < next) return;
    if (s > next) {
      if (live) {
        buffered.clear();
        catchUp(false); // A gap in what the feed gave us: history has the missing events.
      }
      return;
    }
    String type = LogRecords.typeOf(stored);
    if (!sink.send(s, type, stored.update().data())) {
      stop();
      return;
    }
    next++;
    if (LogRecords.isTerminal(type)) finish(fold.response());
  }

  private void checkLease() {
    if (done || reading || fold.isTerminal() || !fold.hasMeta()) return;
    if (clock.millis() - fold.lastHeardMillis() <= leaseDeadlineMillis) {
      rechecked = false;
      return;
    }
    if (!rechecked) {
      // Read history once more first: a record the feed handed out just before this reader began
      // watching may have been missing from the first read (the log's history can lag its listeners).
      rechecked = true;
      catchUp(false);
      return;
    }
    ObjectNode lost = fold.lostResponse();
    if (lost != null) {
      ObjectNode event = ResponseEvents.withResponse("response.failed", next, lost);
      sink.send(next, "response.failed", Json.write(event));
    }
    finish(lost);
  }

  private void finish(ObjectNode finalResponse) {
    if (done) return;
    stop();
    sink.end(finalResponse);
  }

  private void stop() {
    done = true;
    buffered.clear();
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        // A feed watch closes without failing.
      }
    }
  }

  private <T> void on(CompletionStage<T> stage, java.util.function.Consumer<T> then) {
    stage.whenComplete((value, failure) -> sink.executor().execute(() -> {
      if (done) return;
      if (failure != null) {
        finish(null); // The log failed to answer; the client reconnects and tries again.
      } else {
        then.accept(value);
      }
    }));
  }

}
