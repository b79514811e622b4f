package dev.sluice.cli;

import dev.sluice.ServerSentEvent;
import dev.sluice.client.EventSource;
import dev.sluice.client.EventSourceListener;
import dev.sluice.client.ReadyState;
import dev.sluice.client.SseClientException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints what {@code sluice listen} receives: as JSON lines, or as text for people. Runs on the
 * source's reader thread; each event is flushed at once so a pipe sees it live.
 */
final class EventPrinter implements EventSourceListener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final long maxEvents;
  private final String commandName;
  private final StringBuilder line = new StringBuilder(256); // Reader thread only.
  private long events; // Reader thread only.
  volatile EventSource source; // Set before the source starts.
  volatile boolean maxReached;

  EventPrinter(PrintWriter out, PrintWriter err, boolean json, long maxEvents, String commandName) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.maxEvents = maxEvents;
    this.commandName = commandName;
  }

  @Override
  public void onEvent(ServerSentEvent event) {
    line.setLength(0);
    if (json) {
      line.append("{\"type\":");
      Json.appendString(line, event.type()).append(",\"data\":");
      Json.appendString(line, event.data()).append(",\"lastEventId\":");
      Json.appendString(line, event.id().orElse("")).append("}\n");
    } else {
      event.event().ifPresent(type -> line.append("event: ").append(type).append('\n'));
      event.id().ifPresent(id -> line.append("id: ").append(id).append('\n'));
      line.append(event.data()).append("\n\n");
    }
    out.print(line);
    out.flush();
    if (++events >= maxEvents) {
      maxReached = true;
      source.close(); // From the reader thread: nothing more is dispatched.
    }
  }

  @Override
  public void onRetry(Duration retry) {
    if (!json) return;
    out.print("{\"retry\":" + retry.toMillis() + "}\n");
    out.flush();
  }

  @Override
  public void onError(SseClientException error) {
    // A failure that closes the source is reported once, by the command, after it closed.
    if (!json && source.readyState() != ReadyState.CLOSED) {
      err.println(commandName + ": " + error.getMessage() + "; reconnecting");
    }
  }
}
