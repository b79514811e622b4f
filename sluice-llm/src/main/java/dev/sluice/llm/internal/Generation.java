package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLog;
import dev.sluice.llm.LlmLimits;
import dev.sluice.llm.ModelUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One response being generated on this node: turns the upstream's text into Responses events and
 * appends them to the log, one after another, each only after the previous one is stored. Nothing
 * is sent to clients from here; readers send what the log delivers.
 *
 * <p>Thread-safe: the upstream, the timer and the log's listener thread (cancel requests) call in;
 * state is guarded by {@code this}. If an append fails the generation stops writing for good, so
 * the stored events never have a gap; readers then see the lease expire and end the stream as failed.
 */
public final class Generation implements ModelUpstream.TokenSink {
  private final String responseId;
  private final String itemId;
  private final UpdateLog log;
  private final LlmLimits limits;
  private final Clock clock;
  private final RelayMeters meters;
  private final Consumer<Generation> onEnd;

  // Guarded by this.
  private long nextSequence;
  private long storedBytes;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder pendingDelta = new StringBuilder(); // Text not yet in an event.
  private int appendsInFlight;
  private ObjectNode response;
  private boolean ended;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
  private long lastAppendMillis;
  private ModelUpstream.Running running;
  private ScheduledFuture<?> leaseTask;
  private ScheduledFuture<?> deadlineTask;
  private AutoCloseable cancelWatch;

  public Generation(String responseId, UpdateLog log, LlmLimits limits, Clock clock, RelayMeters meters,
      Consumer<Generation> onEnd) {
    this.responseId = responseId;
    this.itemId = "msg_" + responseId.substring(responseId.indexOf('_') + 1);
    this.log = log;
    this.limits = limits;
    this.clock = clock;
    this.meters = meters;
    this.onEnd = onEnd;
  }

  public String responseId() {
    return responseId;
  }

  /**
   * Stores the meta record and the opening events, then starts the upstream. Completes when
   * {@code response.created} is stored (so any node can find and show the response), exceptionally
   * when it could not be.
   */
  public synchronized CompletionStage<Void> start(ObjectNode meta, ObjectNode createdResponse, ModelUpstream upstream,
      ModelUpstream.Prompt prompt, LogFeed feed, ScheduledExecutorService timer) {
    response = createdResponse;
    lastAppendMillis = clock.millis();
    CompletableFuture<StoredUpdate> metaStored = log.append(LogRecords.record(responseId,
        LogRecords.metaId(responseId), LogRecords.TYPE_META, Json.write(meta))).toCompletableFuture();
    tail = metaStored;
    emit(ResponseEvents.withResponse("response.created", nextSequence, response.deepCopy()));
    CompletableFuture<?> createdStored = tail;
    emit(ResponseEvents.withResponse("response.in_progress", nextSequence, response.deepCopy()));
    emit(ResponseEvents.itemEvent("response.output_item.added", nextSequence,
        ResponseEvents.message(itemId, "in_progress", null)));
    emit(ResponseEvents.partEvent("response.content_part.added", nextSequence, itemId, ""));
    cancelWatch = feed.watch(responseId, stored -> {
      if (LogRecords.TYPE_CANCEL.equals(LogRecords.typeOf(stored))) cancel();
    });
    try {
      running = upstream.start(prompt, this);
    } catch (RuntimeException e) {
      // An upstream that cannot even start ends the response like one that failed at once.
      meters.started.increment();
      end("response.failed", "failed", null, "the upstream could not start");
      return createdStored.thenApply(stored -> null);
    }
    long interval = limits.leaseInterval().toMillis();
    leaseTask = timer.scheduleAtFixedRate(this::keepLease, interval, interval, TimeUnit.MILLISECONDS);
    deadlineTask = timer.schedule(() -> end("response.incomplete", "incomplete", "max_output_tokens", null),
        limits.maxGeneration().toMillis(), TimeUnit.MILLISECONDS);
    meters.started.increment();
    return createdStored.thenApply(stored -> null);
  }

  /**
   * Takes a text delta. While an earlier record is still being stored, deltas wait and are merged
   * into one event: appends are serial, so a slow log would otherwise build a queue (and latency)
   * that grows with the token rate. Clients see larger deltas, which the API allows.
   */
  @Override
  public synchronized void delta(String delta) {
    if (ended) return;
    if (nextSequence + 6 >= limits.maxEventsPerResponse()
        || storedBytes + 2L * (pendingDelta.length() + delta.length()) + 4096 >= limits.maxBytesPerResponse()) {
      end("response.incomplete", "incomplete", "max_output_tokens", null); // Room kept for the closing events.
      return;
    }
    text.append(delta);
    pendingDelta.append(delta);
    if (appendsInFlight == 0) flushDelta();
  }

  // Guarded by this.
  private void flushDelta() {
    if (pendingDelta.length() == 0) return;
    String delta = pendingDelta.toString();
    pendingDelta.setLength(0); // Before emitting: a log that stores synchronously calls stored() from inside.
    emit(ResponseEvents.delta(nextSequence, itemId, delta));
  }

  @Override
  public void complete(long inputTokens, long outputTokens) {
    synchronized (this) {
      if (ended) return;
      response.set("usage", ResponseEvents.usage(inputTokens, outputTokens));
    }
    end("response.completed", "completed", null, null);
  }

  @Override
  public void fail(String message) {
    end("response.failed", "failed", null, message);
  }

  /** Stops on a cancel request heard through the log; the response ends as {@code cancelled}. */
  public void cancel() {
    if (end("response.cancelled", "cancelled", null, null)) meters.cancelled.increment();
  }

  /** Stops because this node is shutting down: readers see {@code failed} with a reason. */
  public void abandon() {
    end("response.failed", "failed", null, "the relay node shut down while generating");
  }

  /** Writes the closing events and stops; false when the generation had already ended. */
  private synchronized boolean end(String terminalType, String status, String incompleteReason, String error) {
    if (ended) return false;
    if (running != null) running.stop();
    flushDelta();
    String fullText = text.toString();
    String itemStatus = status.equals("completed") ? "completed" : "incomplete";
    ObjectNode item = ResponseEvents.message(itemId, itemStatus, fullText);
    if (status.equals("completed")) {
      emit(ResponseEvents.textDone(nextSequence, itemId, fullText));
      emit(ResponseEvents.partEvent("response.content_part.done", nextSequence, itemId, fullText));
      emit(ResponseEvents.itemEvent("response.output_item.done", nextSequence, item));
    }
    ObjectNode finalResponse = response.deepCopy();
    finalResponse.put("status", status);
    finalResponse.putArray("output").add(item);
    if (incompleteReason != null) finalResponse.putObject("incomplete_details").put("reason", incompleteReason);
    if (error != null) finalResponse.set("error", ResponseEvents.error("server_error", error));
    emit(ResponseEvents.withResponse(terminalType, nextSequence, finalResponse));
    ended = true;
    if (status.equals("failed")) meters.failed.increment();
    stopTimers();
    tail.whenComplete((ok, failure) -> onEnd.accept(this));
    return true;
  }

  private synchronized void keepLease() {
    if (ended || clock.millis() - lastAppendMillis < limits.leaseInterval().toMillis() / 2) return;
    append(LogRecords.record(responseId, LogRecords.uniqueId(responseId, "lease"), LogRecords.TYPE_LEASE, "{}"));
  }

  private void emit(ObjectNode event) {
    long sequence = nextSequence++;
    String type = event.get("type").asText();
    String json = Json.write(event);
    storedBytes += json.getBytes(StandardCharsets.UTF_8).length;
    append(LogRecords.record(responseId, LogRecords.eventId(responseId, sequence), type, json));
  }

  // Guarded by this. Appends strictly one after another: a record is sent to the log only once the
  // previous one is stored, and never after one failed, so the log holds a gap-free prefix.
  private void append(dev.sluice.hub.spi.Update update) {
    lastAppendMillis = clock.millis();
    appendsInFlight++;
    tail = tail.thenCompose(previous -> log.append(update).toCompletableFuture());
    tail.whenComplete((ok, failure) -> {
      if (failure != null) {
        stopAfterLogFailure();
      } else {
        stored();
      }
    });
  }

  private synchronized void stored() {
    appendsInFlight--;
    if (appendsInFlight == 0 && !ended) flushDelta();
  }

  private synchronized void stopAfterLogFailure() {
    if (ended) return;
    ended = true;
    if (running != null) running.stop();
    meters.failed.increment();
    stopTimers();
    onEnd.accept(this);
  }

  private void stopTimers() {
    if (leaseTask != null) leaseTask.cancel(false);
    if (deadlineTask != null) deadlineTask.cancel(false);
    if (cancelWatch != null) {
      try {
        cancelWatch.close();
      } catch (Exception e) {
        // A feed watch closes without failing.
      }
    }
  }
}
