package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UriTemplateSelectorTest {
  private final TopicSelectors selectors = TopicSelectors.withoutBase(SelectorLimits.defaults());

  private TopicSelector t(String template) {
    return selectors.uriTemplate(template);
  }

  @Test
  void simpleVariableMatchesOneSegmentOnly() {
    TopicSelector books = t("https://example.com/books/{id}");
    assertThat(books.kind()).isEqualTo(TopicSelector.Kind.URI_TEMPLATE);
    assertThat(books.matches("https://example.com/books/1")).isTrue();
    assertThat(books.matches("https://example.com/books/war-and-peace_1.2~x")).isTrue();
    assertThat(books.matches("https://example.com/books/caf%C3%A9")).isTrue();
    assertThat(books.matches("https://example.com/books/")).isTrue(); // undefined variable
    assertThat(books.matches("https://example.com/books/1/reviews")).isFalse();
    assertThat(books.matches("https://example.com/books/1?x=y")).isFalse();
    assertThat(books.matches("https://example.com/authors/1")).isFalse();
    assertThat(books.matches("https://example.com/books/%G1")).isFalse();
  }

  @Test
  void simpleVariableAcceptsListValuesJoinedByCommas() {
    assertThat(t("/{list}").matches("/red,green,blue")).isTrue();
    assertThat(t("/{list}").matches("/a=b")).isFalse();
    assertThat(t("/{keys*}").matches("/semi=%3B,dot=.,comma=%2C")).isTrue();
  }

  @Test
  void reservedExpansionLetsSlashesAndQueryThrough() {
    TopicSelector path = t("https://example.com{+path}");
    assertThat(path.matches("https://example.com/foo/bar?x=1")).isTrue();
    assertThat(path.matches("https://example.com")).isTrue();
    assertThat(path.matches("https://example.com/a b")).isFalse();
    assertThat(t("{+base}/books/{id}").matches("https://example.com/v1/books/42")).isTrue();
  }

  @Test
  void fragmentExpansionNeedsTheHash() {
    TopicSelector fragment = t("/page{#section}");
    assertThat(fragment.matches("/page#intro/part:1")).isTrue();
    assertThat(fragment.matches("/page")).isTrue();
    assertThat(fragment.matches("/pageintro")).isFalse();
  }

  @Test
  void labelAndPathSegmentExpansions() {
    assertThat(t("www{.domain*}").matches("www.example.com")).isTrue();
    assertThat(t("www{.domain}").matches("www.example")).isTrue();
    assertThat(t("www{.domain}").matches("wwwexample")).isFalse();
    TopicSelector segments = t("/files{/path*}");
    assertThat(segments.matches("/files/a/b/c.txt")).isTrue();
    assertThat(segments.matches("/files")).isTrue();
    assertThat(segments.matches("/filesa")).isFalse();
    TopicSelector two = t("{/a,b}");
    assertThat(two.matches("/x/y")).isTrue();
    assertThat(two.matches("/x")).isTrue();
    assertThat(two.matches("/x/y/z")).isFalse();
  }

  @Test
  void pathParameterExpansionRequiresTheName() {
    TopicSelector params = t("/map{;x,y}");
    assertThat(params.matches("/map;x=1024;y=768")).isTrue();
    assertThat(params.matches("/map;x;y=768")).isTrue(); // empty x
    assertThat(params.matches("/map;y=768")).isTrue(); // undefined x
    assertThat(params.matches("/map;z=1")).isFalse();
    assertThat(params.matches("/map;y=1;x=2")).isFalse(); // order is the template's
  }

  @Test
  void queryExpansionsRequireNamesAndEquals() {
    TopicSelector query = t("https://example.com/search{?q,lang}");
    assertThat(query.matches("https://example.com/search?q=cats&lang=en")).isTrue();
    assertThat(query.matches("https://example.com/search?q=")).isTrue();
    assertThat(query.matches("https://example.com/search?lang=fr")).isTrue();
    assertThat(query.matches("https://example.com/search")).isTrue();
    assertThat(query.matches("https://example.com/search?other=1")).isFalse();
    assertThat(query.matches("https://example.com/search?q")).isFalse();
    assertThat(query.matches("https://example.com/search?q=a b")).isFalse();
    TopicSelector continuation = t("/s?fixed=yes{&x}");
    assertThat(continuation.matches("/s?fixed=yes&x=1")).isTrue();
    assertThat(continuation.matches("/s?fixed=yes")).isTrue();
    assertThat(continuation.matches("/s?fixed=yes&y=1")).isFalse();
  }

  @Test
  void explodedQueryAcceptsAnyKeys() {
    TopicSelector query = t("/find{?filters*}");
    assertThat(query.matches("/find?color=red&size=xl")).isTrue();
    assertThat(query.matches("/find?color=")).isTrue();
    assertThat(query.matches("/find?color")).isFalse();
  }

  @Test
  void prefixModifierCountsCharactersNotOctets() {
    TopicSelector prefix = t("/users/{name:3}");
    assertThat(prefix.matches("/users/bob")).isTrue();
    assertThat(prefix.matches("/users/caf%C3%A9")).isFalse(); // 4 characters
    assertThat(prefix.matches("/users/ca%C3%A9")).isTrue(); // 3 characters, 5 octets
    assertThat(prefix.matches("/users/bobby")).isFalse();
    assertThat(prefix.matches("/users/a,b")).isFalse(); // a prefix applies to strings only
  }

  @Test
  void nonAsciiTopicCharactersStandForTheirEncodedForm() {
    assertThat(t("https://example.com/tags/{tag}").matches("https://example.com/tags/café")).isTrue();
  }

  @Test
  void literalTextMustMatchExactly() {
    assertThat(t("https://example.com/a%20b/{x}").matches("https://example.com/a%20b/1")).isTrue();
    assertThat(t("https://example.com/a%20b/{x}").matches("https://example.com/a%20c/1")).isFalse();
    assertThat(t("urn:example:{id}").matches("urn:example:42")).isTrue();
  }

  @Test
  void malformedTemplatesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> t("/books/{id")).isInstanceOf(InvalidSelectorException.class)
        .hasMessage("invalid URI template \"/books/{id\": unclosed expression at 7");
    assertThatThrownBy(() -> t("/books/{}")).hasMessageContaining("empty expression");
    assertThatThrownBy(() -> t("/books/{=id}")).hasMessageContaining("operator '=' is reserved");
    assertThatThrownBy(() -> t("/books/{i-d}")).hasMessageContaining("invalid variable name 'i-d'");
    assertThatThrownBy(() -> t("/books/{id:0}")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> t("/books/{id:10000}")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> t("/books/id}")).hasMessageContaining("unexpected '}'");
    assertThatThrownBy(() -> t("/books /{id}")).hasMessageContaining("character ' ' is not allowed");
    assertThatThrownBy(() -> t("/100%/{id}")).hasMessageContaining("percent-encoded");
  }
}
