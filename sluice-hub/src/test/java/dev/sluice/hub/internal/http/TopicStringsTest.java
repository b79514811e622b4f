package dev.sluice.hub.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicStringsTest {
  @Test
  void protocolStringsRefuseControlsFormatCharactersAndLoneSurrogates() {
    for (String bad : List.of("a\u0000", "a\u001fb", "\u007f", "a\u0085", "\u009f", "a\u200bb", "\u200e",
        "\u202e", "\u2060", "\ufeffa", "\u00ad", "\ud800", "a\udc00b", "\udb40\udc01")) { // U+E0001: Cf too
      assertThat(TopicStrings.isProtocolString(bad)).as("%04x", (int) bad.charAt(bad.length() - 1)).isFalse();
    }
    for (String good : List.of("", "https://example.com/books/1", "é€", "\ud83d\ude00", "a b", "%zz")) {
      assertThat(TopicStrings.isProtocolString(good)).as(good).isTrue();
    }
  }
}
