package dev.sluice.client;

import java.util.Locale;

/** Media type checks for responses. */
final class ContentTypes {
  private ContentTypes() {}

  /** True if {@code contentType}'s essence, parameters ignored, is {@code text/event-stream}. */
  static boolean isEventStream(String contentType) {
    if (contentType == null) return false;
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return essence.toLowerCase(Locale.ROOT).equals("text/event-stream");
  }
}
