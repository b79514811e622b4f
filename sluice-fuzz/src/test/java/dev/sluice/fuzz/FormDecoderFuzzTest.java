package dev.sluice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.server.FormDecoder;
import dev.sluice.server.HttpStatusException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes sluice-server's {@link FormDecoder}, which reads every query string and form body a client
 * sends (the hub's subscribe query, {@code QUERY} body and publish form).
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>It answers the fields or throws an {@link HttpStatusException} {@code 400} (invalid UTF-8)
 *       or {@code 413} (too many fields), nothing else; the message never holds the input.
 *   <li>It agrees with a second, deliberately naive decoder written here from the WHATWG steps
 *       (split on {@code &}, first {@code =}, {@code +} to space, {@code %XX} to a byte, else a
 *       literal {@code %}, strict UTF-8): same fields in the same order, or the same refusal.
 *   <li>Name/value pairs encoded by {@link URLEncoder} decode back to themselves.
 * </ul>
 */
class FormDecoderFuzzTest {
  @FuzzTest
  void decodesLikeTheWhatwgStepsOrRefusesCleanly(FuzzedDataProvider data) {
    int maxFields = data.consumeInt(1, 64);
    byte[] input = data.consumeRemainingAsBytes();
    List<Map.Entry<String, String>> expected;
    int expectedStatus = 0;
    try {
      expected = reference(input, maxFields);
    } catch (Refused e) {
      expected = null;
      expectedStatus = e.status;
    }
    try {
      Map<String, List<String>> fields = FormDecoder.decode(input, maxFields);
      assertThat(expected).as("refusal %d expected", expectedStatus).isNotNull();
      assertThat(flatten(fields)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(new ArrayList<>(fields.keySet())).isEqualTo(expected.stream().map(Map.Entry::getKey).distinct().toList());
    } catch (HttpStatusException e) {
      assertThat(e.status()).isEqualTo(expectedStatus);
      assertThat(e.getMessage()).isIn("form field is not valid UTF-8", "too many form fields (max " + maxFields + ")");
    }
  }

  @FuzzTest
  void encodedPairsDecodeBackToThemselves(FuzzedDataProvider data) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    StringBuilder form = new StringBuilder();
    int n = data.consumeInt(0, 8);
    for (int i = 0; i < n; i++) {
      String name = valid(data.consumeString(16));
      String value = valid(data.consumeString(32));
      pairs.add(Map.entry(name, value));
      if (form.length() > 0) form.append('&');
      form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    Map<String, List<String>> fields = FormDecoder.decode(form.toString().getBytes(StandardCharsets.US_ASCII), 100);
    assertThat(flatten(fields)).containsExactlyInAnyOrderElementsOf(pairs);
    for (Map.Entry<String, List<String>> field : fields.entrySet()) { // Order per name is kept.
      assertThat(field.getValue()).isEqualTo(pairs.stream().filter(p -> p.getKey().equals(field.getKey()))
          .map(Map.Entry::getValue).toList());
    }
  }

  /** Lone surrogates cannot be encoded as UTF-8; URLEncoder would write '?' for them. */
  private static String valid(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\uFFFD', 'x');
  }

  private static List<Map.Entry<String, String>> flatten(Map<String, List<String>> fields) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    fields.forEach((name, values) -> values.forEach(v -> out.add(Map.entry(name, v))));
    return out;
  }

  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /** The WHATWG application/x-www-form-urlencoded parser, step by step, with strict UTF-8. */
  private static List<Map.Entry<String, String>> reference(byte[] input, int maxFields) throws Refused {
    List<byte[]> sequences = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == '&') {
        if (i > start) {
          byte[] seq = new byte[i - start];
          System.arraycopy(input, start, seq, 0, seq.length);
          sequences.add(seq);
        }
        start = i + 1;
      }
    }
    if (sequences.size() > maxFields) throw new Refused(413);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (byte[] seq : sequences) {
      int eq = -1;
      for (int i = 0; i < seq.length && eq < 0; i++) if (seq[i] == '=') eq = i;
      byte[] name = eq < 0 ? seq : java.util.Arrays.copyOfRange(seq, 0, eq);
      byte[] value = eq < 0 ? new byte[0] : java.util.Arrays.copyOfRange(seq, eq + 1, seq.length);
      out.add(Map.entry(utf8(percentDecode(plusToSpace(name))), utf8(percentDecode(plusToSpace(value)))));
    }
    return out;
  }

  private static byte[] plusToSpace(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < copy.length; i++) if (copy[i] == '+') copy[i] = ' ';
    return copy;
  }

  private static byte[] percentDecode(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static String utf8(byte[] bytes) throws Refused {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refused(400);
    }
  }
}
