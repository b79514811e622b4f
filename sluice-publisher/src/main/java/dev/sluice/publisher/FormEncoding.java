package dev.sluice.publisher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes an update as the {@code application/x-www-form-urlencoded} body the Mercure protocol
 * specifies: one {@code topic} field per topic in order (canonical first), then {@code data},
 * {@code private=on}, {@code id}, {@code type} and {@code retry} (milliseconds) when present.
 */
final class FormEncoding {
  static String encode(Update update, String id) {
    StringBuilder form = new StringBuilder();
    for (String topic : update.topics()) {
      field(form, "topic", topic);
    }
    update.data().ifPresent(data -> field(form, "data", data));
    if (update.isPrivate()) {
      field(form, "private", "on");
    }
    if (id != null) { // Null: no id field, and the hub makes one.
      field(form, "id", id);
    }
    update.type().ifPresent(type -> field(form, "type", type));
    update.retry().ifPresent(retry -> field(form, "retry", Long.toString(retry.toMillis())));
    return form.toString();
  }

  private static void field(StringBuilder form, String name, String value) {
    if (form.length() > 0) {
      form.append('&');
    }
    // URLEncoder implements exactly the form-urlencoded serializer (space as '+', UTF-8 bytes).
    form.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private FormEncoding() {}
}
