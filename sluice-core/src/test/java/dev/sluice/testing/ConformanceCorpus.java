package dev.sluice.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the conformance corpus, {@code conformance/event-stream.txt} on the test class path (the
 * file's header documents its format). It ships in sluice-core's test-jar so the client, server and
 * browser tests can replay the same streams and compare with the same expectations.
 */
public final class ConformanceCorpus {
  /** Where the corpus lives on the class path. */
  public static final String RESOURCE = "/conformance/event-stream.txt";

  private ConformanceCorpus() {}

  /** Every case, in file order. */
  public static List<ConformanceCase> load() {
    try (InputStream in = ConformanceCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("not on the class path: " + RESOURCE);
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ConformanceCase> parse(BufferedReader reader) throws IOException {
    List<ConformanceCase> cases = new ArrayList<>();
    String name = null;
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("=== ")) {
        if (name != null) cases.add(new ConformanceCase(name, stream.toByteArray(), List.copyOf(expected)));
        name = line.substring(4).trim();
        stream.reset();
        expected.clear();
      } else if (name != null && line.startsWith("> ")) {
        stream.writeBytes(unescape(line.substring(2), lineNumber));
      } else if (name != null && line.startsWith("= ")) {
        expected.add(line.substring(2));
      } else {
        throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": cannot read: " + line);
      }
    }
    if (name != null) cases.add(new ConformanceCase(name, stream.toByteArray(), List.copyOf(expected)));
    return cases;
  }

  /** UTF-8 of the text with {@code \n}, {@code \r}, {@code \\} and {@code \xHH} replaced. */
  static byte[] unescape(String text, int lineNumber) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int literalStart = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != '\\') continue;
      out.writeBytes(text.substring(literalStart, i).getBytes(StandardCharsets.UTF_8));
      char kind = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
      switch (kind) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
          i += 2;
        }
        default -> throw new IllegalStateException(
            RESOURCE + ":" + lineNumber + ": unknown escape at column " + (i + 3));
      }
      i++;
      literalStart = i + 1;
    }
    out.writeBytes(text.substring(literalStart).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
