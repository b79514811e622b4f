package dev.sluice.bench.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live-object class histogram of this JVM, taken with {@code jcmd <pid> GC.class_histogram} (which
 * runs a full GC first), and the per-class difference of two of them.
 */
final class ClassHistogram {
  record Row(String className, long instances, long bytes) {}

  private final Map<String, Row> rows;

  private ClassHistogram(Map<String, Row> rows) {
    this.rows = rows;
  }

  static ClassHistogram take() throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String text;
    try (InputStream in = process.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    process.waitFor();
    Map<String, Row> rows = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length < 4 || !parts[0].endsWith(":")) continue;
      rows.put(parts[3], new Row(parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
    }
    if (rows.isEmpty()) throw new IOException("no histogram from jcmd: " + text);
    return new ClassHistogram(rows);
  }

  /** Classes whose live bytes grew from {@code before} to this, largest growth first. */
  List<Row> growthSince(ClassHistogram before) {
    List<Row> growth = new ArrayList<>();
    for (Row row : rows.values()) {
      Row old = before.rows.getOrDefault(row.className(), new Row(row.className(), 0, 0));
      long bytes = row.bytes() - old.bytes();
      if (bytes > 0) growth.add(new Row(row.className(), row.instances() - old.instances(), bytes));
    }
    growth.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    return growth;
  }

  long totalBytes() {
    return rows.values().stream().mapToLong(Row::bytes).sum();
  }
}
