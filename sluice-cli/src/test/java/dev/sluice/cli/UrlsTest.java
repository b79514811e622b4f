package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void uriTemplateBracesInTheQueryArePercentEncoded() throws Exception {
    assertThat(Urls.parse("http://h/.well-known/mercure?topic=https://e.com/books/{id}").getRawQuery())
        .isEqualTo("topic=https://e.com/books/%7Bid%7D");
  }

  @Test
  void existingEscapesAndReservedCharactersAreKept() {
    String url = "http://h:8080/p%20q?a=1&b=%7B;c=(x)#frag";
    assertThat(Urls.encodeIllegal(url)).isSameAs(url);
  }

  @Test
  void spacesAndNonAsciiBecomeUtf8Escapes() {
    assertThat(Urls.encodeIllegal("http://h/?q=a b|é😀"))
        .isEqualTo("http://h/?q=a%20b%7C%C3%A9%F0%9F%98%80");
  }
}
