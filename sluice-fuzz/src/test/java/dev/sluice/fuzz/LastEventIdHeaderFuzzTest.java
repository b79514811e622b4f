package dev.sluice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.client.LastEventIds;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the client's {@code Last-Event-ID} header encoding ({@link LastEventIds}), which carries an
 * ID the server chose back to a server, and whose decoder a server runs on what clients send.
 *
 * <h3>Oracles</h3>
 * <ul>
 *   <li>The header value is printable ASCII or space, whatever the ID: nothing {@code
 *       java.net.http} refuses or mangles, and no CR or LF to split the request with.
 *   <li>An ID of printable ASCII is sent verbatim; any other comes back from {@link
 *       LastEventIds#decodeHeaderValue} as its UTF-8 round trip (the ID itself when it is
 *       well-formed UTF-16, which every ID the parser produces is).
 *   <li>{@link LastEventIds#decodeHeaderValue} never throws on any string a server may receive.
 * </ul>
 */
class LastEventIdHeaderFuzzTest {
  @FuzzTest
  void headerValueIsSafeAndRoundTrips(FuzzedDataProvider data) {
    String id = data.consumeString(128);
    String received = data.consumeRemainingAsString();

    String header = LastEventIds.headerValue(id);
    for (int i = 0; i < header.length(); i++) {
      assertThat(header.charAt(i)).as("char %d of the header for %s", i, id).isBetween(' ', '~');
    }
    if (LastEventIds.isVerbatim(id)) {
      assertThat(header).isEqualTo(id);
    } else {
      String sent = new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(LastEventIds.decodeHeaderValue(header)).as("decoded header for %s", id).isEqualTo(sent);
    }

    assertThat(LastEventIds.decodeHeaderValue(received)).isNotNull();
  }
}
