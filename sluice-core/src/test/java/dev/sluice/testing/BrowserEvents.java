package dev.sluice.testing;

import dev.sluice.ServerSentEvent;

/**
 * Renders a dispatched event the way a browser test would see it: exactly what JavaScript's
 * {@code JSON.stringify({type: e.type, lastEventId: e.lastEventId, data: e.data})} prints for the
 * {@code MessageEvent}. One format lets Java parsers, the client and a real browser be compared
 * against the same corpus lines.
 */
public final class BrowserEvents {
  private BrowserEvents() {}

  /** The JSON line for {@code event}. */
  public static String json(ServerSentEvent event) {
    StringBuilder json = new StringBuilder("{\"type\":");
    quote(event.type(), json);
    json.append(",\"lastEventId\":");
    quote(event.id().orElse(""), json);
    json.append(",\"data\":");
    quote(event.data(), json);
    return json.append('}').toString();
  }

  /** A JSON string literal with ECMAScript's JSON.stringify escaping (QuoteJSONString). */
  private static void quote(String value, StringBuilder json) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          boolean loneSurrogate = Character.isSurrogate(c) && !isPaired(value, i);
          if (c < 0x20 || loneSurrogate) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  private static boolean isPaired(String value, int index) {
    char c = value.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1));
    }
    return index > 0 && Character.isHighSurrogate(value.charAt(index - 1));
  }
}
