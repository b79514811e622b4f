package dev.sluice;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One server-sent event: the fields of one block of a {@code text/event-stream}.
 *
 * <p>Instances are immutable and safe to share between threads. Every field is optional; absent
 * fields are reported as {@link Optional#empty()} (or, for {@link #data()}, as the empty string) so
 * there is no {@code null} to trip over.
 *
 * <h3>Field safety</h3>
 * An {@code id} or {@code event} that contains CR or LF would let its author inject extra fields
 * into the stream, so such values are rejected with an {@link IllegalArgumentException} that names
 * the field. An {@code id} containing U+0000 is rejected too: receivers silently ignore such ids, so
 * sending one could only lose the client's place. {@code data} and {@code comment} may contain any
 * line breaks; the encoder writes them as several lines.
 *
 * <h3>Parsed events</h3>
 * Events produced by {@link EventParser} carry what a browser's {@code EventSource} would dispatch:
 * {@link #id()} is the <em>last event ID</em> in effect at dispatch (empty when it is the empty
 * string), {@link #event()} the event type field if one was given, and {@link #data()} the data.
 *
 * <pre>{@code
 * ServerSentEvent tick = ServerSentEvent.builder()
 *     .id("42")
 *     .event("tick")
 *     .data("{\"n\":42}")
 *     .build();
 * }</pre>
 */
public final class ServerSentEvent {
  /** The event type an {@code EventSource} dispatches when the stream names none. */
  public static final String DEFAULT_TYPE = "message";

  private static final ServerSentEvent EMPTY_COMMENT = new Builder().comment("").build();

  private final String id; // Nullable.
  private final String event; // Nullable.
  private final String data; // Nullable: null means "no data field", not "empty data".
  private final long retryMillis; // -1 when absent.
  private final String comment; // Nullable.

  /**
   * Cached {@link EventEncoder#encodedLength} result, negated when every field is plain ASCII; 0
   * until computed. One int, so a racy single-check is fine: a thread sees 0 or the whole value.
   */
  int encodedLength;

  private ServerSentEvent(String id, String event, String data) {
    this.id = id;
    this.event = event;
    this.data = data;
    this.retryMillis = -1;
    this.comment = null;
  }

  /** For {@link EventParser}: values that cannot hold CR or LF, as they come from single lines. */
  static ServerSentEvent parsed(String id, String event, String data) {
    return new ServerSentEvent(id, event, data);
  }

  private ServerSentEvent(Builder builder) {
    this.id = builder.id;
    this.event = builder.event;
    this.data = builder.data;
    this.retryMillis = builder.retryMillis;
    this.comment = builder.comment;
  }

  /** An event with only {@code data}, dispatched as type {@code message}. */
  public static ServerSentEvent of(String data) {
    return new Builder().data(data).build();
  }

  /** An event with an event type and {@code data}. */
  public static ServerSentEvent of(String event, String data) {
    return new Builder().event(event).data(data).build();
  }

  /** A comment line. Receivers ignore it; servers use it as a heartbeat to keep proxies open. */
  public static ServerSentEvent ofComment(String comment) {
    return comment.isEmpty() ? EMPTY_COMMENT : new Builder().comment(comment).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this event's fields, to make a modified copy. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The {@code id} field, or for parsed events the last event ID in effect at dispatch. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The {@code event} field: the event type as written in the stream. */
  public Optional<String> event() {
    return Optional.ofNullable(event);
  }

  /** The type an {@code EventSource} dispatches this event as: {@link #event()} or {@code message}. */
  public String type() {
    return event != null ? event : DEFAULT_TYPE;
  }

  /** The data, lines joined by LF; the empty string when the event has no data field. */
  public String data() {
    return data != null ? data : "";
  }

  /** True if this event has data, even empty data, and so would be dispatched by a receiver. */
  public boolean hasData() {
    return data != null;
  }

  /** The reconnection time this event sets, if any. */
  public Optional<Duration> retry() {
    return retryMillis >= 0 ? Optional.of(Duration.ofMillis(retryMillis)) : Optional.empty();
  }

  /** The comment, lines joined by LF, if this event carries one. */
  public Optional<String> comment() {
    return Optional.ofNullable(comment);
  }

  // Package-private raw accessors for the encoder's hot path; they avoid Optional allocation.
  String rawId() {
    return id;
  }

  String rawEvent() {
    return event;
  }

  String rawData() {
    return data;
  }

  long rawRetryMillis() {
    return retryMillis;
  }

  String rawComment() {
    return comment;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) return true;
    if (!(other instanceof ServerSentEvent)) return false;
    ServerSentEvent that = (ServerSentEvent) other;
    return retryMillis == that.retryMillis
        && Objects.equals(id, that.id)
        && Objects.equals(event, that.event)
        && Objects.equals(data, that.data)
        && Objects.equals(comment, that.comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, event, data, retryMillis, comment);
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ServerSentEvent{");
    String separator = "";
    if (id != null) {
      result.append("id=").append(id);
      separator = ", ";
    }
    if (event != null) {
      result.append(separator).append("event=").append(event);
      separator = ", ";
    }
    if (data != null) {
      result.append(separator).append("data=").append(data);
      separator = ", ";
    }
    if (retryMillis >= 0) {
      result.append(separator).append("retry=").append(retryMillis);
      separator = ", ";
    }
    if (comment != null) {
      result.append(separator).append("comment=").append(comment);
    }
    return result.append('}').toString();
  }

  /** Builds {@link ServerSentEvent}s. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String event;
    private String data;
    private long retryMillis = -1;
    private String comment;

    private Builder() {}

    private Builder(ServerSentEvent source) {
      this.id = source.id;
      this.event = source.event;
      this.data = source.data;
      this.retryMillis = source.retryMillis;
      this.comment = source.comment;
    }

    /**
     * Sets the {@code id} field.
     *
     * @throws IllegalArgumentException if {@code id} contains CR, LF or U+0000
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      for (int i = 0, n = id.length(); i < n; i++) {
        char c = id.charAt(i);
        if (c == '\n' || c == '\r') {
          throw new IllegalArgumentException("id must not contain CR or LF: " + quote(id));
        }
        if (c == '\0') {
          throw new IllegalArgumentException("id must not contain U+0000: " + quote(id));
        }
      }
      this.id = id;
      return this;
    }

    /**
     * Sets the {@code event} field, the type the receiver dispatches the event as.
     *
     * @throws IllegalArgumentException if {@code event} contains CR or LF
     */
    public Builder event(String event) {
      Objects.requireNonNull(event, "event");
      for (int i = 0, n = event.length(); i < n; i++) {
        char c = event.charAt(i);
        if (c == '\n' || c == '\r') {
          throw new IllegalArgumentException("event must not contain CR or LF: " + quote(event));
        }
      }
      this.event = event;
      return this;
    }

    /** Sets the data. CR, LF and CRLF become separate {@code data:} lines; receivers join them with LF. */
    public Builder data(String data) {
      this.data = Objects.requireNonNull(data, "data");
      return this;
    }

    /** Sets the reconnection time the receiver should use. */
    public Builder retry(Duration retry) {
      Objects.requireNonNull(retry, "retry");
      return retryMillis(retry.toMillis());
    }

    /** Sets the reconnection time, in milliseconds, the receiver should use. */
    public Builder retryMillis(long retryMillis) {
      if (retryMillis < 0) throw new IllegalArgumentException("retry < 0: " + retryMillis);
      this.retryMillis = retryMillis;
      return this;
    }

    /** Sets a comment. Line breaks in it become several comment lines. */
    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    public ServerSentEvent build() {
      return new ServerSentEvent(this);
    }

    private static String quote(String value) {
      String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
      return '"' + shown.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + '"';
    }
  }
}
