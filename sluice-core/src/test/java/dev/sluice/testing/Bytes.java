package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds exact byte streams for tests, and shows them readably in failure messages. */
public final class Bytes {
  private Bytes() {}

  /** The UTF-8 encoding of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes from space-separated hex pairs, for example {@code "ED A0 80"}. */
  public static byte[] hex(String pairs) {
    String[] parts = pairs.trim().split("\\s+");
    byte[] result = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) result[i] = (byte) Integer.parseInt(parts[i], 16);
    return result;
  }

  /** The pieces one after another: each a {@code byte[]} as is, or a {@code String} as UTF-8. */
  public static byte[] concat(Object... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object piece : pieces) {
      out.writeBytes(piece instanceof byte[] ? (byte[]) piece : utf8((String) piece));
    }
    return out.toByteArray();
  }

  /** Printable ASCII as is, everything else escaped, so a failing stream can be read. */
  public static String show(byte[] bytes) {
    StringBuilder shown = new StringBuilder("\"");
    for (byte b : bytes) {
      int unsigned = b & 0xFF;
      if (b == '\n') {
        shown.append("\\n");
      } else if (b == '\r') {
        shown.append("\\r");
      } else if (b == '\\' || b == '"') {
        shown.append('\\').append((char) b);
      } else if (unsigned >= 0x20 && unsigned < 0x7F) {
        shown.append((char) unsigned);
      } else {
        shown.append(String.format("\\x%02X", unsigned));
      }
    }
    return shown.append('"').toString();
  }
}
