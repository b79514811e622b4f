package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mercure 1.0's reserved-namespace examples, decided by the URL-pattern matcher's own parser. */
class ReservedNamespaceTest {
  private final ReservedNamespace reserved = new ReservedNamespace("/.well-known/mercure");

  @Test
  void topicsResolvingIntoTheHubPathAreReserved() {
    for (String topic : List.of("/.well-known/mercure", "/.well-known/mercure/subscriptions/x", "mercure/x",
        "./mercure", "?a", "#f", "", "https://h/.well-known/mercure/{x}", "https://H:443/.well-known/mercure",
        "https://h/.well-known/%2e%2e/.well-known/mercure/x", "/.well-known/%6Dercure/x", "/%2Ewell-known/mercure",
        "/.well-known/mercure/a b", "/.well-known/mercure/a|b", "/.well-known\\mercure/x", "foo:/.well-known/mercure")) {
      assertThat(reserved.contains(topic)).as(topic).isTrue();
    }
  }

  @Test
  void otherTopicsAreNot() {
    for (String topic : List.of("x", "urn:foo:/.well-known/mercure", "/.well-known%2Fmercure/x",
        "/.well-known/mercurex", "https://example.com/books/1", "https://h:99999/.well-known/mercure")) {
      assertThat(reserved.contains(topic)).as(topic).isFalse();
    }
  }

  @Test
  void onlyUnreservedEscapesAreDecoded() {
    assertThat(ReservedNamespace.decodeUnreserved("/a%2Fb%6d%7E%25")).isEqualTo("/a%2Fbm~%25");
  }
}
