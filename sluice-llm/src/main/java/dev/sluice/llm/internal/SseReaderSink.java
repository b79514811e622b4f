package dev.sluice.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ServerSentEvent;
import dev.sluice.server.SseStream;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A reader writing to an SSE stream: {@code event:} is the event type, {@code id:} the sequence
 * number, {@code data:} the event JSON as stored. The stream's own event loop is the executor.
 */
public final class SseReaderSink implements ReaderSink {
  private final SseStream stream;

  public SseReaderSink(SseStream stream) {
    this.stream = stream;
  }

  @Override
  public Executor executor() {
    return stream.executor();
  }

  @Override
  public boolean send(long sequence, String type, String json) {
    return stream.send(ServerSentEvent.builder().id(Long.toString(sequence)).event(type).data(json).build());
  }

  @Override
  public void end(ObjectNode finalResponse) {
    stream.close();
  }

  @Override
  public void every(Duration period, Runnable task) {
    stream.scheduler().scheduleAtFixedRate(task, period, period);
  }

  @Override
  public void onClose(Runnable callback) {
    stream.onClose(callback);
  }
}
