package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Where a {@link ResponseReader} delivers a response's events: an SSE stream or a collector. */
public interface ReaderSink {
  /** The serial executor the reader runs on. */
  Executor executor();

  /** Delivers one event; false when the sink is gone and reading should stop. */
  boolean send(long sequence, String type, String json);

  /** The response ended (terminal event delivered or synthesized) or cannot be read: no more calls. */
  void end(ObjectNode finalResponse);

  /** Runs {@code task} on {@link #executor()} every {@code period} until the sink is gone. */
  void every(Duration period, Runnable task);

  /** Runs {@code callback} once when the sink goes away on its own (client disconnect). */
  void onClose(Runnable callback);
}
