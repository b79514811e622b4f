package dev.sluice.cli.conformance;

import static dev.sluice.testing.Bytes.concat;
import static dev.sluice.testing.Bytes.hex;
import static dev.sluice.testing.Bytes.utf8;

import dev.sluice.testing.ConformanceCase;
import dev.sluice.testing.ConformanceCorpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The streams replayed to Chromium and Sluice: the whole conformance corpus, then cases that probe
 * where implementations tend to differ. The extra cases state no expectation of their own; the
 * browser's behaviour is the expectation.
 */
final class BrowserCases {
  /** Streams that reconnect set a 1 ms reconnection time first, so every consumer resumes at once. */
  private static final String FAST_RETRY = "retry: 1\n";

  private BrowserCases() {}

  static List<BrowserCase> all() {
    List<BrowserCase> cases = new ArrayList<>();
    for (ConformanceCase corpusCase : ConformanceCorpus.load()) {
      List<Dispatched> expected = corpusCase.expected().stream()
          .map(line -> Dispatched.fromJson(Dispatched.parse(line)))
          .toList();
      cases.add(new BrowserCase("corpus/" + corpusCase.name(), List.of(corpusCase.stream()),
          Optional.of(expected)));
    }
    cases.addAll(byteOrderMarks());
    cases.addAll(lineBreaks());
    cases.addAll(invalidUtf8());
    cases.addAll(fields());
    cases.addAll(resumptions());
    return List.copyOf(cases);
  }

  private static List<BrowserCase> byteOrderMarks() {
    byte[] bom = hex("EF BB BF");
    return List.of(
        one("bom-then-bom-then-blank-line", bom, bom, "\ndata: x\n\n"),
        one("bom-alone", bom),
        one("partial-bom-is-a-replacement-character", hex("EF BB"), "data: x\n\ndata: y\n\n"),
        one("bom-after-comment-is-part-of-field-name", bom, ":c\n", bom, "data: z\n\ndata: w\n\n"),
        one("bom-inside-data-kept", "data: a", bom, "b\n\n"));
  }

  private static List<BrowserCase> lineBreaks() {
    return List.of(
        one("empty-stream"),
        one("cr-then-crlf-then-lf", "data: a\r\r\n\ndata: b\r\n\r\r\n"),
        one("cr-blank-line-as-last-byte-dispatches", "data: a\n\r"),
        one("lf-after-cr-line-is-not-a-second-break", "data: a\r\ndata: b\r\n\r\n"),
        one("cr-only-stream", "data: 1\rdata: 2\r\rid: x\rdata: 3\r\r"),
        one("nel-ls-ps-are-not-line-breaks", "data: a", hex("C2 85"), "b\u2028c\u2029d\n\n"),
        one("vertical-tab-and-form-feed-are-not-line-breaks", "data: a\u000bb\u000cc\n\n"),
        one("comment-only-stream", ": one\n: two\n\n"),
        one("comment-only-stream-cr-without-final-break", ":a\r:b\r\r:c"),
        one("colon-only-lines", ":\n:\n:\n\n"),
        one("long-data-line", "data: ", "x".repeat(40_000), "\n\n"),
        one("many-events", manyEvents(300)));
  }

  private static List<BrowserCase> invalidUtf8() {
    return List.of(
        one("lone-continuation-bytes", "data: ", hex("80 BF 80"), "|", hex("C2"), "|\n\n"),
        one("encoded-low-surrogate", "data: ", hex("ED B0 80"), "\n\n"),
        one("encoded-surrogate-pair-cesu-8", "data: ", hex("ED A0 BD ED B8 80"), "\n\n"),
        one("overlong-forms", "data: ", hex("C1 BF 7C C0 AF 7C E0 9F BF 7C E0 80 AF 7C F0 8F BF BF"), "\n\n"),
        one("above-u10ffff", "data: ", hex("F4 90 80 80 7C F5 80 80 80 7C F7 BF BF BF"), "\n\n"),
        one("highest-valid-code-points", "data: ", hex("F4 8F BF BF 7C EF BF BF 7C EF BF BE 7C ED 9F BF 7C EE 80 80"), "\n\n"),
        one("truncated-four-byte-before-ascii", "data: ", hex("F0 9F 98"), "a\n\n"),
        one("truncated-then-new-lead", "data: ", hex("E2 E2 82 AC F0 9F E2 82 AC"), "\n\n"),
        one("five-and-six-byte-forms", "data: ", hex("F8 88 80 80 80 7C FC 84 80 80 80 80"), "\n\n"),
        one("truncated-sequence-at-end-of-stream", "data: a\n\ndata: ", hex("E2 82")),
        one("truncated-sequence-before-cr", "data: ", hex("F0 9F 98"), "\rdata: b\r\r"),
        one("invalid-utf8-in-event-type", "event: ", hex("C0"), "\ndata: x\n\n"),
        one("invalid-utf8-in-id", "id: a", hex("FF"), "\ndata: x\n\n"),
        one("invalid-utf8-in-field-name", "dat", hex("C3"), "a: x\ndata: y\n\n"),
        one("invalid-byte-right-after-colon", "data:", hex("A0"), "x\n\n"),
        one("nul-in-data-field-name-and-type", "data\u0000: no\nevent: a\u0000b\ndata: x\u0000\n\n"),
        one("nul-inside-a-sequence", "data: ", hex("E2 00 82 AC"), "\n\n"),
        one("cr-inside-a-sequence", "data: ", hex("E2"), "\r", hex("82 AC"), "\n\n"));
  }

  private static List<BrowserCase> fields() {
    return List.of(
        one("id-of-only-nul-ignored", "id: 1\ndata: a\n\nid: \u0000\ndata: b\n\n"),
        one("id-ending-in-nul-ignored", "id: 1\n\nid: 2\u0000\ndata: b\n\n"),
        one("id-nul-first-ignored", "id: 1\ndata: a\n\nid:\u00002\ndata: b\n\n"),
        one("retry-junk-ignored", "retry: 12a\nretry: -1\nretry:  10\nretry: 1.5\nretry\nretry: \nretry: \uFF11\ndata: a\n\n"),
        one("huge-retry", "retry: 99999999999999999999999999999\ndata: a\n\n"),
        one("retry-inside-an-event", "data: a\nretry: 5\ndata: b\n\n"),
        one("fields-without-colon", "event: t\nevent\ndata\ndata\nid: 3\nid\nretry\nx\n\n"),
        one("data-vs-data-colon-vs-data-colon-space", "data\ndata:\ndata: \ndata:  \ndata:   x\n\n"),
        one("event-type-reset-by-blank-line", "event: a\ndata: 1\n\nevent: b\n\ndata: 2\n\nevent: c\ndata: 3\n\n"),
        one("last-event-field-wins", "event: a\nevent: b\ndata: x\n\n"),
        one("event-types-error-and-open", "event: error\ndata: e\n\nevent: open\ndata: o\n\nevent: message\ndata: m\n\n"),
        one("event-type-spaces-kept", "event:  spaced \ndata: x\n\n"),
        one("event-type-unicode", "event: 日本\ndata: x\n\n"),
        one("id-cleared-by-id-colon-space", "id: 1\ndata: a\n\nid: \ndata: b\n\n"),
        one("id-of-one-space", "id:  \ndata: x\n\n"),
        one("id-set-then-cleared-in-one-event", "id: 1\nid\ndata: x\n\n"),
        one("id-without-blank-line-at-end-of-stream", "id: 1\ndata: a\n\nid: 2\n"),
        one("space-before-colon-makes-another-field", "data : x\nid : 1\ndata: y\n\n"));
  }

  private static List<BrowserCase> resumptions() {
    return List.of(
        resumed("resume-sends-last-event-id", FAST_RETRY + "id: 7\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-after-cleared-id-sends-none", FAST_RETRY + "id: 7\ndata: a\n\nid\n\n", "data: b\n\n"),
        resumed("resume-ignores-id-of-unfinished-event",
            FAST_RETRY + "id: 7\ndata: a\n\nid: 8\ndata: lost\n", "data: b\n\n"),
        resumed("resume-id-set-by-blank-line-without-data", FAST_RETRY + "id: 9\n\n", "data: b\n\n"),
        resumed("resume-non-ascii-id", FAST_RETRY + "id: 日本-1 é\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-decoded-from-invalid-utf8",
            concat(FAST_RETRY, "id: x", hex("FF"), "\ndata: a\n\n"), utf8("data: b\n\n")),
        resumed("resume-ascii-id-with-space-and-percent", FAST_RETRY + "id: a b%20c\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-with-surrounding-spaces", FAST_RETRY + "id:  x \ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-with-tab", FAST_RETRY + "id: a\tb\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-with-tabs-around", FAST_RETRY + "id: \tb\t\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-of-only-spaces", FAST_RETRY + "id:   \ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-with-control-character", FAST_RETRY + "id: a\u0001b\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-id-with-delete", FAST_RETRY + "id: a\u007fb\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-does-not-carry-type-or-data", FAST_RETRY + "event: t\ndata: partial\n", "data: b\n\n"),
        resumed("resume-strips-bom-of-each-stream", concat(hex("EF BB BF"), FAST_RETRY, "data: a\n\n"),
            concat(hex("EF BB BF"), "data: b\n\n")),
        resumed("resume-cr-at-end-lf-at-start", FAST_RETRY + "data: a\n\ndata: x\r", "\ndata: b\n\n"),
        resumed("resume-after-stream-without-events", FAST_RETRY + ": nothing\n", "data: b\n\n"),
        resumed("resume-across-an-empty-stream", FAST_RETRY + "id: 5\ndata: a\n\n", "", "data: c\n\n"),
        resumed("resume-decoder-state-not-carried", concat(FAST_RETRY, "data: a\n\n", hex("EF BB")),
            concat(hex("BF"), "data: b\n\ndata: c\n\n")),
        resumed("resume-then-nul-id-keeps-previous", FAST_RETRY + "id: 4\ndata: a\n\n",
            "id: 5\u0000\ndata: b\n\n"),
        resumed("resume-long-id", FAST_RETRY + "id: " + "0123456789".repeat(200) + "\ndata: a\n\n", "data: b\n\n"),
        resumed("resume-three-streams", FAST_RETRY + "id: 1\ndata: a\n\n", "id: 2\ndata: b\n\n",
            "data: c\n\nid\n\n", "data: d\n\n"));
  }

  private static String manyEvents(int count) {
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i % 3 == 0) stream.append("id: ").append(i).append('\n');
      if (i % 5 == 0) stream.append("event: e").append(i % 2).append('\n');
      stream.append("data: ").append(i).append("\n\n");
    }
    return stream.toString();
  }

  /** A case of one connection whose bytes are the pieces: {@code byte[]} as is, strings as UTF-8. */
  private static BrowserCase one(String name, Object... pieces) {
    return new BrowserCase(name, List.of(concat(pieces)), Optional.empty());
  }

  /** A case whose stream ends and is resumed: one string (as UTF-8) per connection. */
  private static BrowserCase resumed(String name, String... connections) {
    return new BrowserCase(name, Arrays.stream(connections).map(dev.sluice.testing.Bytes::utf8).toList(),
        Optional.empty());
  }

  private static BrowserCase resumed(String name, byte[]... connections) {
    return new BrowserCase(name, List.of(connections), Optional.empty());
  }
}
