package dev.sluice.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} the way browsers encode it (the WHATWG URL
 * standard's parser, which {@code URLSearchParams} uses), for query strings and form bodies.
 *
 * <ul>
 *   <li>Fields are separated by {@code &} only; a {@code ;} is an ordinary character.</li>
 *   <li>A field without {@code =} is a name with an empty value; empty fields are skipped.</li>
 *   <li>{@code +} is a space; {@code %XX} is the byte {@code XX}. A {@code %} not followed by two
 *       hex digits stays a literal {@code %}, as the standard says: browsers send such text
 *       unchanged, so it is data, not an error.</li>
 *   <li>The bytes of each name and value must be valid UTF-8, else {@code 400}. The standard would
 *       put U+FFFD in their place; we refuse instead, so that a topic or an update is never
 *       silently changed into another one.</li>
 *   <li>More than {@code maxFields} fields is {@code 413}: fields are never dropped.</li>
 * </ul>
 *
 * <p>Every refusal is an {@link HttpStatusException} whose message names the rule, never the
 * input: a handler may let it propagate and the server answers it without logging the body.
 * Stateless and thread-safe.
 */
public final class FormDecoder {
  /** The field limit of {@link Request#queryParameters()} and {@link Request#formParameters()}. */
  public static final int DEFAULT_MAX_FIELDS = 10_000;

  private FormDecoder() {}

  /**
   * Decodes a query string (without the {@code ?}) as the request line carried it, one char per
   * byte (how the server decodes request targets). A char above U+00FF, which no request line can
   * carry, is refused like invalid UTF-8.
   *
   * @return the fields in order, repeated names kept; unmodifiable
   * @throws HttpStatusException {@code 400} for invalid UTF-8, {@code 413} past {@code maxFields}
   */
  public static Map<String, List<String>> decode(CharSequence latin1, int maxFields) {
    byte[] bytes = new byte[latin1.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = latin1.charAt(i);
      if (c > 0xff) throw invalidUtf8();
      bytes[i] = (byte) c;
    }
    return decode(bytes, maxFields);
  }

  /**
   * Decodes a form body.
   *
   * @return the fields in order, repeated names kept; unmodifiable
   * @throws HttpStatusException {@code 400} for invalid UTF-8, {@code 413} past {@code maxFields}
   */
  public static Map<String, List<String>> decode(byte[] input, int maxFields) {
    if (maxFields < 1) throw new IllegalArgumentException("maxFields < 1: " + maxFields);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    if (countFields(input) > maxFields) { // First, and cheaply: refused however the fields read.
      throw new HttpStatusException(413, "too many form fields (max " + maxFields + ")");
    }
    byte[] scratch = new byte[64];
    int start = 0;
    while (start <= input.length) {
      int end = indexOf(input, (byte) '&', start);
      if (end > start) {
        int equals = indexOf(input, (byte) '=', start, end);
        int nameEnd = equals < 0 ? end : equals;
        if (scratch.length < end - start) scratch = new byte[end - start];
        String name = percentDecode(input, start, nameEnd, scratch, utf8);
        String value = equals < 0 ? "" : percentDecode(input, equals + 1, end, scratch, utf8);
        fields.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    fields.replaceAll((name, values) -> Collections.unmodifiableList(values));
    return Collections.unmodifiableMap(fields);
  }

  private static String percentDecode(byte[] input, int from, int to, byte[] out,
      CharsetDecoder utf8) {
    int n = 0;
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      byte b = input[i];
      if (b == '+') {
        b = ' ';
      } else if (b == '%') {
        int decoded = hex(input, i + 1, to);
        if (decoded >= 0) {
          b = (byte) decoded;
          i += 2;
        }
      }
      ascii &= b >= 0;
      out[n++] = b;
    }
    if (ascii) return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(out, 0, n));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw invalidUtf8();
    }
  }

  /** The non-empty {@code &}-separated sequences. */
  private static int countFields(byte[] input) {
    int count = 0;
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == '&') {
        if (i > start) count++;
        start = i + 1;
      }
    }
    return count;
  }

  /** The byte of the two hex digits at {@code at}, or -1 if there are not two before {@code to}. */
  private static int hex(byte[] input, int at, int to) {
    if (at + 1 >= to) return -1;
    int high = Character.digit(input[at], 16);
    int low = Character.digit(input[at + 1], 16);
    return high < 0 || low < 0 ? -1 : high << 4 | low;
  }

  private static int indexOf(byte[] input, byte wanted, int from) {
    int i = indexOf(input, wanted, from, input.length);
    return i < 0 ? input.length : i;
  }

  private static int indexOf(byte[] input, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (input[i] == wanted) return i;
    }
    return -1;
  }

  private static HttpStatusException invalidUtf8() {
    return new HttpStatusException(400, "form field is not valid UTF-8");
  }
}
