package dev.sluice.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.client.LastEventIds;
import dev.sluice.testing.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential conformance: every stream of the corpus, and many tricky ones besides, is served to
 * a real headless Chromium's {@code EventSource} and to Sluice's three consumers — sluice-core's
 * {@code EventParser}, sluice-client's {@code EventSource}, and {@code sluice listen --json} — and
 * the events they dispatch (type, data, lastEventId) must be identical. So must the {@code
 * Last-Event-ID} on every connection: Chromium's must be the parser's last event ID (as HTTP reads
 * it, without surrounding spaces), and sluice-client's and the CLI's must be that ID as {@link
 * LastEventIds#headerValue} puts it on the wire (verbatim when printable ASCII, percent-encoded
 * otherwise, as docs/client.md documents, since java.net.http cannot send raw UTF-8 headers). Corpus
 * cases are also checked against the corpus's own expectations.
 *
 * <p>The browser is the expectation: nothing here says what the result should be.
 *
 * <p>Every case is served three ways ({@link Delivery}). Chromium runs all of them in one page
 * load, then each case and delivery is replayed to Sluice as its own test. Skipped only when Chromium
 * is not installed at {@code /usr/bin/chromium}.
 */
class BrowserConformanceIT {
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(45);
  private static final int RUN_TIMEOUT_MILLIS = 5_000;

  private static final String SKIPPED = "Chromium is not installed at " + Chromium.BINARY
      + ", so the browser conformance test is skipped (Debian: apt-get install chromium"
      + " chromium-driver; CI installs them)";

  @TempDir static Path profile;

  private static final List<BrowserCase> CASES = BrowserCases.all();
  private static CaseServer server;
  private static Chromium chromium;
  private static Map<String, BrowserRun> browserRuns;

  /** What the page recorded for one run: the events, and how the run ended. */
  record BrowserRun(List<Dispatched> events, int streamsEnded, String how, int readyState) {}

  @BeforeAll
  static void runEveryCaseInChromium() throws IOException {
    if (!Chromium.installed()) return; // Each test reports the skip.
    server = new CaseServer(CASES, page());
    chromium = Chromium.start(profile);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int index = 0; index < CASES.size(); index++) {
      for (Delivery delivery : Delivery.values()) {
        BrowserCase browserCase = CASES.get(index);
        runs.add(Map.of(
            "path", CaseServer.path("browser", index, delivery),
            "connections", browserCase.connections().size(),
            "streams", browserCase.connections().stream().map(Base64.getEncoder()::encodeToString).toList(),
            "timeoutMs", RUN_TIMEOUT_MILLIS));
      }
    }
    System.out.printf("BrowserConformanceIT: Chromium %s, %d cases, %d runs%n", chromium.version(),
        CASES.size(), runs.size());
    JsonNode results = Dispatched.parse(chromium.run(server.origin() + "/", runs, BROWSER_TIMEOUT));
    browserRuns = new HashMap<>();
    results.fields().forEachRemaining(entry -> browserRuns.put(entry.getKey(), browserRun(entry.getValue())));
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) chromium.close();
    if (server != null) server.close();
  }

  static Stream<Arguments> casesAndDeliveries() {
    return Stream.iterate(0, index -> index < CASES.size(), index -> index + 1)
        .flatMap(index -> Stream.of(Delivery.values())
            .map(delivery -> Arguments.of(index, CASES.get(index).name(), delivery)));
  }

  @BeforeEach
  void skipWithoutChromium() {
    assumeTrue(Chromium.installed(), SKIPPED);
  }

  @ParameterizedTest(name = "{1} [{2}]")
  @MethodSource("casesAndDeliveries")
  void sluiceDispatchesWhatChromiumDispatches(int index, String name, Delivery delivery)
      throws InterruptedException {
    compare(index, delivery);
  }

  private static void compare(int index, Delivery delivery) throws InterruptedException {
    BrowserCase browserCase = CASES.get(index);
    String shown = browserCase.name() + " [" + delivery + "], stream "
        + browserCase.connections().stream().map(Bytes::show).collect(Collectors.joining(" then a reconnect to "));
    String browserPath = CaseServer.path("browser", index, delivery);
    BrowserRun chrome = browserRuns.get(browserPath);
    assertThat(chrome).as("Chromium's result for %s", shown).isNotNull();
    List<CaseServer.RecordedRequest> chromeRequests = server.requests(browserPath);
    int connections = browserCase.connections().size();
    assertThat(chrome.how())
        .as("how Chromium's run of %s ended (after %d of %d streams, readyState %d)", shown,
            chrome.streamsEnded(), browserCase.connections().size(), chrome.readyState())
        .isEqualTo("ended");
    assertThat(chromeRequests).as("Chromium's requests for %s", shown).hasSize(connections);
    List<Optional<String>> chromeHeaders = chromeRequests.stream()
        .map(request -> request.lastEventId().map(raw -> wireValue(raw, StandardCharsets.UTF_8)))
        .toList();

    SoftAssertions softly = new SoftAssertions();
    browserCase.corpusExpectation().ifPresent(expected -> softly.assertThat(chrome.events())
        .as("Chromium vs the corpus's expectation for %s", shown).isEqualTo(expected));

    SluiceConsumers.ParserRun parser = SluiceConsumers.parser(browserCase, delivery);
    softly.assertThat(parser.events()).as("sluice-core EventParser vs Chromium for %s", shown)
        .isEqualTo(chrome.events());
    // The ID each consumer resumes with: none on the first connection, then the parser's after
    // each stream. Checked against the header Chromium sent, it is the reference for the others.
    List<String> resumeIds = new ArrayList<>(List.of(""));
    resumeIds.addAll(parser.lastEventIdAfterEachConnection().subList(0, connections - 1));
    for (int i = 0; i < connections; i++) {
      softly.assertThat(chromeHeaders.get(i))
          .as("Chromium's Last-Event-ID on connection %d vs EventParser.lastEventId() %s for %s",
              i + 1, Dispatched.escape(resumeIds.get(i)), shown)
          .isEqualTo(expectedHeader(resumeIds.get(i), id -> id));
    }

    String clientPath = CaseServer.path("client", index, delivery);
    List<Dispatched> client = SluiceConsumers.client(URI.create(server.origin() + clientPath), browserCase);
    softly.assertThat(client).as("sluice-client EventSource vs Chromium for %s", shown).isEqualTo(chrome.events());
    compareHeaders(softly, "sluice-client", server.requests(clientPath), resumeIds, shown);

    String cliPath = CaseServer.path("cli", index, delivery);
    List<Dispatched> cli = SluiceConsumers.cli(URI.create(server.origin() + cliPath), browserCase);
    softly.assertThat(cli).as("sluice listen --json vs Chromium for %s", shown).isEqualTo(chrome.events());
    compareHeaders(softly, "sluice listen", server.requests(cliPath), resumeIds, shown);
    softly.assertAll();
  }

  /**
   * Each connection's {@code Last-Event-ID} as Sluice sends it: the ID verbatim when it is printable
   * ASCII, which is what Chromium sends, and percent-encoded otherwise ({@link
   * LastEventIds#headerValue}, docs/client.md).
   */
  private static void compareHeaders(SoftAssertions softly, String who, List<CaseServer.RecordedRequest> requests,
      List<String> resumeIds, String shown) {
    softly.assertThat(requests).as("%s requests for %s", who, shown).hasSizeGreaterThanOrEqualTo(resumeIds.size());
    for (int i = 0; i < Math.min(requests.size(), resumeIds.size()); i++) {
      Optional<String> sent = requests.get(i).lastEventId().map(raw -> wireValue(raw, StandardCharsets.ISO_8859_1));
      softly.assertThat(sent).as("%s Last-Event-ID on connection %d for the ID %s in %s",
          who, i + 1, Dispatched.escape(resumeIds.get(i)), shown)
          .isEqualTo(expectedHeader(resumeIds.get(i), LastEventIds::headerValue));
    }
  }

  /**
   * The header value a server reads for the last event ID {@code id} sent as {@code encoding(id)}:
   * none when the ID is empty; otherwise the value without the spaces and tabs around it, which
   * HTTP does not count as part of a field value (Chromium and java.net.http both drop them).
   */
  private static Optional<String> expectedHeader(String id, UnaryOperator<String> encoding) {
    return id.isEmpty() ? Optional.empty() : Optional.of(stripOptionalWhitespace(encoding.apply(id)));
  }

  /** The field value in {@code raw} (the bytes after the colon) as a server reads it. */
  private static String wireValue(byte[] raw, java.nio.charset.Charset charset) {
    String value = new String(raw, charset);
    assertThat(value.getBytes(charset)).as("Last-Event-ID bytes %s are %s", Bytes.show(raw), charset)
        .isEqualTo(raw);
    return stripOptionalWhitespace(value);
  }

  private static String stripOptionalWhitespace(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) start++;
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) end--;
    return value.substring(start, end);
  }

  private static BrowserRun browserRun(JsonNode run) {
    List<Dispatched> events = new ArrayList<>();
    run.get("events").forEach(event -> events.add(Dispatched.fromJson(event)));
    return new BrowserRun(List.copyOf(events), run.get("ended").asInt(), run.get("how").asText(),
        run.get("state").asInt());
  }

  private static byte[] page() throws IOException {
    try (InputStream in = BrowserConformanceIT.class.getResourceAsStream("page.html")) {
      if (in == null) throw new IllegalStateException("page.html is not on the class path");
      return in.readAllBytes();
    }
  }
}
