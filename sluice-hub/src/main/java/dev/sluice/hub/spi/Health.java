package dev.sluice.hub.spi;

import java.util.Objects;

/**
 * Whether a log can take updates now.
 *
 * @param up true when appends are expected to succeed
 * @param detail a short human-readable explanation, for {@code /healthz} and logs
 */
public record Health(boolean up, String detail) {
  public Health {
    Objects.requireNonNull(detail, "detail");
  }

  public static Health up(String detail) {
    Objects.requireNonNull(detail, "detail");
    return new Health(true, detail);
  }

  public static Health down(String detail) {
    Objects.requireNonNull(detail, "detail");
    return new Health(false, detail);
  }
}
