package dev.sluice.hub.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.server.HttpStatusException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscribeParametersTest {
  @Test
  void onlyTheThreeSpellingsAreMatchersAndTheRestOfTheNamespaceIsRefused() {
    assertThat(SubscribeEndpoint.matchType("match", false)).isEqualTo(MatchType.EXACT);
    assertThat(SubscribeEndpoint.matchType("match_exact", false)).isEqualTo(MatchType.EXACT);
    assertThat(SubscribeEndpoint.matchType("match_urlpattern", false)).isEqualTo(MatchType.URL_PATTERN);
    for (String name : List.of("Match", "MATCH_EXACT", "matchURLPattern", "matches", "match_", "mAtChx")) {
      assertThatThrownBy(() -> SubscribeEndpoint.matchType(name, true)).as(name)
          .isInstanceOfSatisfying(HttpStatusException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
    assertThat(SubscribeEndpoint.matchType("matc", false)).isNull();
    assertThat(SubscribeEndpoint.matchType("m\u0430tch", false)).isNull(); // Cyrillic a
  }

  @Test
  void thePre10NamesDependOnCompatibility() {
    assertThat(SubscribeEndpoint.matchType("topic", true)).isEqualTo(MatchType.URI_TEMPLATE);
    assertThat(SubscribeEndpoint.matchType("lastEventID", true)).isNull();
    assertThatThrownBy(() -> SubscribeEndpoint.matchType("topic", false)).hasMessageContaining("\"match\"");
    assertThatThrownBy(() -> SubscribeEndpoint.matchType("lastEventID", false))
        .hasMessageContaining("last_event_id");
  }

  @Test
  void theHeaderWinsThenTheFirstLastEventIdAndEmptyIsKept() {
    FakeRequest plain = FakeRequest.get("/.well-known/mercure");
    assertThat(SubscribeEndpoint.lastEventId(plain, Map.of("last_event_id", List.of("q", "b")), false)).contains("q");
    assertThat(SubscribeEndpoint.lastEventId(plain, Map.of("last_event_id", List.of("")), false)).contains("");
    assertThat(SubscribeEndpoint.lastEventId(plain, Map.of("lastEventID", List.of("x")), false)).isEmpty();
    assertThat(SubscribeEndpoint.lastEventId(plain, Map.of("lastEventID", List.of("x")), true)).contains("x");
    FakeRequest header = FakeRequest.get("/.well-known/mercure").header("Last-Event-ID", "h");
    assertThat(SubscribeEndpoint.lastEventId(header, Map.of("last_event_id", List.of("q")), false)).contains("h");
  }
}
