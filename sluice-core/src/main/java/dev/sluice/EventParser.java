package dev.sluice;

import dev.sluice.internal.LineBreaks;
import dev.sluice.internal.Utf8;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An incremental {@code text/event-stream} parser that follows the WHATWG HTML Standard, "Parsing
 * an event stream" and "Interpreting an event stream", to the letter.
 *
 * <p>Push bytes as they arrive, in chunks of any size, with {@link #feed}; the parser calls the
 * {@link EventHandler} for each event, comment and {@code retry} it completes. Call {@link #end()}
 * when the stream ends: an unterminated last event is discarded, as the standard requires, and the
 * parser is ready for the next stream (a reconnection) with {@link #lastEventId()} kept.
 *
 * <h3>What it does</h3>
 * <ul>
 *   <li>Decodes UTF-8 as the WHATWG Encoding Standard does (one U+FFFD per maximal invalid
 *       subpart), strips one leading BOM at stream start only.
 *   <li>Ends lines at CRLF, LF or CR, including a CR at the end of one chunk and LF at the start
 *       of the next.
 *   <li>Ignores comments (reporting them to {@link EventHandler#onComment}), unknown fields, {@code
 *       id} values containing U+0000, and {@code retry} values that are not all ASCII digits;
 *       a {@code retry} too large for a {@code long} saturates at {@link Long#MAX_VALUE}.
 *   <li>Dispatches on a blank line when the data buffer is not empty, with the trailing LF
 *       removed, the type defaulting to {@code message}, and the last event ID in effect.
 * </ul>
 *
 * <h3>Limits</h3>
 * It never throws on malformed input. Memory is bounded by {@link Builder#maxLineLength} (the
 * longest line it buffers) and {@link Builder#maxEventSize} (the most data one event may carry).
 * Past either, it reports a {@link LimitExceededException} to {@link
 * EventHandler#onLimitExceeded}, once per event, and discards the event being read: the offending
 * line and all of the event's data are dropped and the blank line that ends it dispatches nothing.
 * Its other fields still take effect ({@code id} sets the last event ID at that blank line, {@code
 * retry} is reported), so a client that goes on, or reconnects, does so from the same place a
 * browser would. The next event is parsed normally.
 *
 * <p>This class is not thread-safe: feed it from one thread at a time.
 *
 * <pre>{@code
 * EventParser parser = EventParser.create(event -> System.out.println(event.data()));
 * parser.feed("data: hello\n\n".getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
public final class EventParser {
  /**
   * Default {@link Builder#maxLineLength}: 16 MiB, the same as {@link #DEFAULT_MAX_EVENT_SIZE}, so
   * an event whose data comes in one line gets as far as an event in many.
   */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 << 20;
  /**
   * Default {@link Builder#maxEventSize}: 16 MiB. Browsers set no limit of their own (Chromium and
   * Firefox buffer an event until its blank line, bounded only by the largest string their
   * JavaScript engine makes, hundreds of MiB), and real servers send single events of a few MiB
   * (snapshots of a whole document or state; a 1 MiB data line is a browser-conformance case). 16
   * MiB lets all of that through with a wide margin while keeping one stream's worst case, line
   * buffer plus event data, to tens of MiB; clients that expect more, or must hold many streams in
   * little memory, set their own.
   */
  public static final int DEFAULT_MAX_EVENT_SIZE = 16 << 20;

  private static final int INITIAL_LINE_CAPACITY = 256;
  private static final int DIRECT_BUFFER_CHUNK = 8192;

  private final EventHandler handler;
  private final int maxLineLength;
  private final int maxEventSize;

  /** Bytes of a line that began in an earlier chunk and has not ended yet. */
  private byte[] line = new byte[0];
  private int lineLength;
  /** The previous chunk ended with CR, so an LF that starts this one belongs to it. */
  private boolean lastWasCr;
  /** No line of this stream was processed yet, so a BOM is still to be stripped. */
  private boolean atStreamStart = true;
  /** The current line exceeded the limit: drop its bytes until it ends. */
  private boolean skippingLine;
  /**
   * The current event exceeded a limit and was reported: drop its data and do not dispatch it. Its
   * other fields are still processed, so the stream's state stays what a browser's would be.
   */
  private boolean discardingEvent;

  // The standard's buffers. The data buffer is held as its lines: the first in dataLine, any more
  // in dataBuilder. Keeping the one-line case a plain String saves a copy on the common path.
  private int dataLines;
  private String dataLine;
  private StringBuilder dataBuilder;
  private int dataBytes;
  private String eventType; // Null means the empty string.
  /**
   * The stream's last event ID buffer. Browsers (Chromium's EventSourceParser) start each stream's
   * buffer at the source's last event ID string, not at the empty string, so an event on a resumed
   * stream without its own {@code id} still carries the ID the client resumed from.
   */
  private String lastEventIdBuffer;
  /** The event source's "last event ID string", set from the buffer at each blank line. */
  private String lastEventId;

  private byte[] directScratch; // For feeding direct ByteBuffers; allocated on first use.

  private EventParser(Builder builder, EventHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.maxLineLength = builder.maxLineLength;
    this.maxEventSize = builder.maxEventSize;
    this.lastEventId = builder.lastEventId;
    this.lastEventIdBuffer = builder.lastEventId;
  }

  /** A parser with default limits. */
  public static EventParser create(EventHandler handler) {
    return new Builder().build(handler);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses the whole array. */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /** Parses {@code length} bytes of {@code bytes} from {@code offset}. The array is not retained. */
  public void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int position = offset;
    int end = offset + length;
    if (lastWasCr && position < end) {
      lastWasCr = false;
      if (bytes[position] == '\n') position++;
    }
    while (position < end) {
      int lineEnd = LineBreaks.indexOf(bytes, position, end);
      if (lineEnd < 0) {
        append(bytes, position, end - position);
        return;
      }
      if (lineLength == 0 && !skippingLine) {
        processLine(bytes, position, lineEnd - position); // Whole line in this chunk: no copy.
      } else {
        append(bytes, position, lineEnd - position);
        if (skippingLine) {
          atStreamStart = false; // The skipped line was the stream's first; no BOM can follow.
        } else {
          processLine(line, 0, lineLength);
        }
        lineLength = 0;
        skippingLine = false;
      }
      position = lineEnd + 1;
      if (bytes[lineEnd] == '\r') {
        if (position == end) {
          lastWasCr = true;
        } else if (bytes[position] == '\n') {
          position++;
        }
      }
    }
  }

  /** Parses the buffer's remaining bytes and advances its position to its limit. */
  public void feed(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      buffer.position(buffer.limit());
      return;
    }
    if (directScratch == null) directScratch = new byte[DIRECT_BUFFER_CHUNK];
    while (buffer.hasRemaining()) {
      int count = Math.min(buffer.remaining(), directScratch.length);
      buffer.get(directScratch, 0, count);
      feed(directScratch, 0, count);
    }
  }

  /**
   * Ends the stream: any unterminated line and undispatched event are discarded. The parser is
   * then ready to parse a new stream, as after a reconnection; {@link #lastEventId()} is kept.
   */
  public void end() {
    lineLength = 0;
    if (line.length > INITIAL_LINE_CAPACITY * 16) line = new byte[0]; // Do not pin a huge buffer.
    lastWasCr = false;
    atStreamStart = true;
    skippingLine = false;
    discardingEvent = false;
    resetEvent();
    lastEventIdBuffer = lastEventId; // Carried into the next stream, as browsers do.
  }

  /**
   * The last event ID string: the value an {@code EventSource} sends as {@code Last-Event-ID} when
   * it reconnects (nothing when empty). Updated at every blank line, dispatched or not.
   */
  public String lastEventId() {
    return lastEventId;
  }

  /** Adds bytes to the pending line, or starts skipping it once it outgrows the limit. */
  private void append(byte[] bytes, int offset, int length) {
    if (skippingLine || length == 0) return;
    if (length > maxLineLength - lineLength) {
      lineLength = 0;
      skippingLine = true;
      exceeded(LimitExceededException.Limit.LINE_LENGTH, maxLineLength);
      return;
    }
    int needed = lineLength + length;
    if (needed > line.length) {
      int capacity = Math.max(INITIAL_LINE_CAPACITY, line.length);
      while (capacity < needed) capacity = capacity > maxLineLength / 2 ? maxLineLength : capacity * 2;
      byte[] grown = new byte[capacity];
      System.arraycopy(line, 0, grown, 0, lineLength);
      line = grown;
    }
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength = needed;
  }

  private void processLine(byte[] bytes, int offset, int length) {
    // The limit counts the line as received, BOM included, the same whether or not it was split.
    if (length > maxLineLength) {
      atStreamStart = false;
      exceeded(LimitExceededException.Limit.LINE_LENGTH, maxLineLength);
      return;
    }
    if (atStreamStart) {
      atStreamStart = false;
      if (length >= 3 && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
          && bytes[offset + 2] == (byte) 0xBF) {
        offset += 3;
        length -= 3;
      }
    }
    if (length == 0) {
      dispatch();
      return;
    }
    if (bytes[offset] == ':') {
      int valueStart = offset + 1;
      if (valueStart < offset + length && bytes[valueStart] == ' ') valueStart++;
      handler.onComment(Utf8.decode(bytes, valueStart, offset + length - valueStart));
      return;
    }
    int end = offset + length;
    int colon = offset;
    while (colon < end && bytes[colon] != ':') colon++;
    int nameLength = colon - offset;
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && bytes[valueStart] == ' ') valueStart++;
    int valueLength = end - valueStart;
    switch (nameLength) {
      case 4:
        if (matches(bytes, offset, 'd', 'a', 't', 'a')) appendData(bytes, valueStart, valueLength);
        break;
      case 5:
        if (matches(bytes, offset, 'e', 'v', 'e', 'n') && bytes[offset + 4] == 't') {
          eventType = valueLength == 0 ? null : Utf8.decode(bytes, valueStart, valueLength);
        } else if (matches(bytes, offset, 'r', 'e', 't', 'r') && bytes[offset + 4] == 'y') {
          retry(bytes, valueStart, valueLength);
        }
        break;
      case 2:
        if (bytes[offset] == 'i' && bytes[offset + 1] == 'd' && !containsNul(bytes, valueStart, end)) {
          lastEventIdBuffer = Utf8.decode(bytes, valueStart, valueLength);
        }
        break;
      default:
        break; // Unknown field: ignored, as the standard requires.
    }
  }

  private static boolean matches(byte[] bytes, int offset, char a, char b, char c, char d) {
    return bytes[offset] == a && bytes[offset + 1] == b && bytes[offset + 2] == c && bytes[offset + 3] == d;
  }

  private static boolean containsNul(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == 0) return true;
    }
    return false;
  }

  private void appendData(byte[] bytes, int offset, int length) {
    if (discardingEvent) return;
    // The data buffer grows by the value and one LF; count bytes before decoding, to bound memory.
    if (length + 1 > maxEventSize - dataBytes) {
      exceeded(LimitExceededException.Limit.EVENT_SIZE, maxEventSize);
      return;
    }
    dataBytes += length + 1;
    String value = Utf8.decode(bytes, offset, length);
    if (dataLines == 0) {
      dataLine = value;
    } else {
      if (dataLines == 1) {
        if (dataBuilder == null) dataBuilder = new StringBuilder(dataLine.length() + value.length() + 16);
        dataBuilder.append(dataLine);
      }
      dataBuilder.append('\n').append(value);
    }
    dataLines++;
  }

  private void retry(byte[] bytes, int offset, int length) {
    if (length == 0) return; // "Consists of only ASCII digits" needs at least one.
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) return;
      value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
    }
    handler.onRetry(value);
  }

  private void dispatch() {
    lastEventId = lastEventIdBuffer;
    if (dataLines == 0 || discardingEvent) {
      discardingEvent = false;
      resetEvent();
      return;
    }
    String data = dataLines == 1 ? dataLine : dataBuilder.toString();
    String type = eventType;
    resetEvent();
    handler.onEvent(ServerSentEvent.parsed(lastEventId.isEmpty() ? null : lastEventId, type, data));
  }

  private void resetEvent() {
    dataLines = 0;
    dataLine = null;
    dataBytes = 0;
    eventType = null;
    if (dataBuilder != null) {
      if (dataBuilder.capacity() > INITIAL_LINE_CAPACITY * 64) {
        dataBuilder = null; // Let a one-off huge event's buffer go.
      } else {
        dataBuilder.setLength(0);
      }
    }
  }

  /** Discards the event being read and reports why, once per event. */
  private void exceeded(LimitExceededException.Limit limit, int max) {
    resetEvent();
    if (discardingEvent) return;
    discardingEvent = true;
    handler.onLimitExceeded(new LimitExceededException(limit, max));
  }

  /** Configures an {@link EventParser}. */
  public static final class Builder {
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxEventSize = DEFAULT_MAX_EVENT_SIZE;
    private String lastEventId = "";

    private Builder() {}

    /**
     * The longest line the parser accepts, in bytes as received without its line break (a leading
     * BOM counts). Lines are buffered only up to this length.
     */
    public Builder maxLineLength(int maxLineLength) {
      if (maxLineLength < 1) throw new IllegalArgumentException("maxLineLength < 1: " + maxLineLength);
      this.maxLineLength = maxLineLength;
      return this;
    }

    /** The most data one event may carry, in bytes: its data values plus one per data line. */
    public Builder maxEventSize(int maxEventSize) {
      if (maxEventSize < 1) throw new IllegalArgumentException("maxEventSize < 1: " + maxEventSize);
      this.maxEventSize = maxEventSize;
      return this;
    }

    /**
     * The event source's last event ID string before the first stream: the ID a client resumes
     * from. Events keep carrying it until the stream sends an {@code id} field, as in a browser
     * (each stream's ID buffer starts at the last event ID string, not empty).
     */
    public Builder lastEventId(String lastEventId) {
      this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
      return this;
    }

    public EventParser build(EventHandler handler) {
      return new EventParser(this, handler);
    }
  }
}
