package dev.sluice.llm;

import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI SDK event stream read on a thread of its own into a queue, so a test waits for events
 * with a timeout instead of blocking on the socket. {@link #next} answers null at the stream's end.
 */
final class RecordingStream implements AutoCloseable {
  private static final Object END_MARKER = new Object();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final StreamResponse<ResponseStreamEvent> response;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  RecordingStream(StreamResponse<ResponseStreamEvent> response) {
    this.response = response;
    this.reader = new Thread(() -> {
      try {
        Iterator<ResponseStreamEvent> it = response.stream().iterator();
        while (it.hasNext()) events.add(it.next());
      } catch (RuntimeException e) {
        events.add(e); // Closing the stream from the test ends here too.
      } finally {
        events.add(END_MARKER);
      }
    }, "recording-stream");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event, or null at the end of the stream; fails after a generous timeout. */
  ResponseStreamEvent next() throws InterruptedException {
    Object item = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (item == null) throw new AssertionError("no event within " + TIMEOUT);
    if (item == END_MARKER) return null;
    if (item instanceof RuntimeException e) throw new AssertionError("stream failed", e);
    return (ResponseStreamEvent) item;
  }

  @Override
  public void close() throws InterruptedException {
    response.close();
    reader.join(TIMEOUT.toMillis());
  }
}
