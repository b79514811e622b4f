package dev.sluice.bench.codec;

import dev.sluice.EventEncoder;
import dev.sluice.ServerSentEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The events the codec benchmarks push through: each encodes to exactly {@code eventSize} bytes,
 * so bytes/s and events/s convert exactly. They look like real traffic: an {@code id}, a JSON data
 * line, and for larger events an {@code event} type; all ASCII.
 *
 * <ul>
 *   <li>32 bytes: {@code id: 00042\ndata: {"n":00000042}\n\n}
 *   <li>1 KiB: {@code id: 00042\nevent: update\ndata: {"n":00000042,"p":"<963 letters>"}\n\n}
 * </ul>
 */
public final class CodecWorkload {
  /** How many bytes of events one benchmark operation parses or encodes: fits in L2 cache. */
  public static final int STREAM_BYTES = 256 * 1024;
  /** Events are drawn from this many distinct ones, so no single string stays hot by accident. */
  static final int DISTINCT_EVENTS = 256;

  private static final int ID_OVERHEAD = "id: 00000\n".length();
  private static final int DATA_OVERHEAD = "data: \n\n".length();
  private static final String TYPE = "update";
  private static final int TYPE_OVERHEAD = ("event: " + TYPE + "\n").length();
  /** Events this large carry an event type; smaller ones would have no room for data. */
  private static final int TYPED_FROM = 128;

  private final int eventSize;
  private final List<ServerSentEvent> events;

  public CodecWorkload(int eventSize) {
    int overhead = ID_OVERHEAD + DATA_OVERHEAD + (eventSize >= TYPED_FROM ? TYPE_OVERHEAD : 0);
    if (eventSize - overhead < 14) throw new IllegalArgumentException("eventSize too small: " + eventSize);
    this.eventSize = eventSize;
    Random random = new Random(eventSize); // Same content every run.
    List<ServerSentEvent> built = new ArrayList<>();
    for (int seq = 0; seq < DISTINCT_EVENTS; seq++) {
      ServerSentEvent.Builder event = ServerSentEvent.builder()
          .id(String.format("%05d", seq))
          .data(json(seq, eventSize - overhead, random));
      if (eventSize >= TYPED_FROM) event.event(TYPE);
      built.add(event.build());
    }
    this.events = List.copyOf(built);
  }

  public int eventSize() {
    return eventSize;
  }

  /** The distinct events, each encoding to {@link #eventSize()} bytes. */
  public List<ServerSentEvent> events() {
    return events;
  }

  /** How many events make up one {@link #stream()}. */
  public int eventsPerStream() {
    return STREAM_BYTES / eventSize;
  }

  /** {@link #eventsPerStream()} encoded events back to back: {@code STREAM_BYTES} bytes. */
  public byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(STREAM_BYTES);
    for (int i = 0; i < eventsPerStream(); i++) out.writeBytes(EventEncoder.encode(events.get(i % DISTINCT_EVENTS)));
    return out.toByteArray();
  }

  /** {@code {"n":<seq>}} padded with a {@code "p"} string of letters to exactly {@code length}. */
  private static String json(int seq, int length, Random random) {
    StringBuilder json = new StringBuilder(length).append(String.format("{\"n\":%08d", seq));
    int padding = length - json.length() - 1 - ",\"p\":\"\"".length();
    if (padding >= 0) {
      json.append(",\"p\":\"");
      for (int i = 0; i < padding; i++) json.append((char) ('a' + random.nextInt(26)));
      json.append('"');
    }
    while (json.length() < length - 1) json.append(' ');
    return json.append('}').toString();
  }
}
