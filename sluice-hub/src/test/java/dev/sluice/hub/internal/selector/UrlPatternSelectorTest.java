package dev.sluice.hub.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlPatternSelectorTest {
  private static final String HUB = "https://example.com/.well-known/mercure";
  private final TopicSelectors selectors = TopicSelectors.create(SelectorLimits.defaults(), HUB);

  private TopicSelector p(String pattern) {
    return selectors.urlPattern(pattern);
  }

  @Test
  void namedGroupMatchesOneNonEmptySegment() {
    TopicSelector books = p("https://example.com/books/:id");
    assertThat(books.kind()).isEqualTo(TopicSelector.Kind.URL_PATTERN);
    assertThat(books.matches("https://example.com/books/123")).isTrue();
    assertThat(books.matches("https://example.com/books/123/reviews")).isFalse();
    assertThat(books.matches("https://example.com/books/")).isFalse();
    assertThat(books.matches("https://other.example/books/123")).isFalse();
    assertThat(books.matches("http://example.com/books/123")).isFalse();
  }

  @Test
  void componentsTheStringDoesNotReachAreWildcards() {
    // As in the standard: search and hash of "https://example.com/books/:id" are "*".
    TopicSelector books = p("https://example.com/books/:id");
    assertThat(books.matches("https://example.com/books/123?draft=1#top")).isTrue();
    assertThat(books.matches("https://user:pw@example.com/books/123")).isTrue();
  }

  @Test
  void specExampleWithOptionalSchemeGroupAndHostWildcard() {
    TopicSelector store = p("http{s}?://*.example.com/books/:id");
    assertThat(store.matches("https://store.example.com/books/123")).isTrue();
    assertThat(store.matches("http://a.b.example.com/books/123")).isTrue();
    assertThat(store.matches("https://example.com/books/123")).isFalse();
    assertThat(store.matches("ftp://store.example.com/books/123")).isFalse();
  }

  @Test
  void relativePatternsAndTopicsResolveAgainstTheHubUrl() {
    TopicSelector relative = p("/books/:id");
    assertThat(relative.matches("/books/1")).isTrue();
    assertThat(relative.matches("https://example.com/books/1")).isTrue();
    assertThat(relative.matches("https://other.example/books/1")).isFalse();
    TopicSelector events = p("/.well-known/mercure/subscriptions/Exact/:topic/:subscriber");
    assertThat(events.matches("/.well-known/mercure/subscriptions/Exact/"
        + "https%3A%2F%2Fexample.com%2Ffoo/urn%3Auuid%3Abb3de268")).isTrue();
    assertThat(events.matches("/.well-known/mercure/subscriptions/URLPattern/a/b")).isFalse();
    assertThat(p("books/:id").matches("https://example.com/.well-known/books/7")).isTrue();
  }

  @Test
  void modifiersOnNamedGroupsTakeTheSlashAlong() {
    TopicSelector optional = p("/books/:id?");
    assertThat(optional.matches("/books")).isTrue();
    assertThat(optional.matches("/books/1")).isTrue();
    assertThat(optional.matches("/books/")).isFalse();
    TopicSelector zeroOrMore = p("/books/:path*");
    assertThat(zeroOrMore.matches("/books")).isTrue();
    assertThat(zeroOrMore.matches("/books/a/b/c")).isTrue();
    assertThat(zeroOrMore.matches("/booksa")).isFalse();
    TopicSelector oneOrMore = p("/books/:path+");
    assertThat(oneOrMore.matches("/books/a/b")).isTrue();
    assertThat(oneOrMore.matches("/books")).isFalse();
  }

  @Test
  void groupsWithPrefixAndSuffix() {
    TopicSelector old = p("/books{/old}?");
    assertThat(old.matches("/books")).isTrue();
    assertThat(old.matches("/books/old")).isTrue();
    assertThat(old.matches("/books/new")).isFalse();
    TopicSelector suffixed = p("/files/{:name.json}+");
    assertThat(suffixed.matches("/files/a.json")).isTrue();
    assertThat(suffixed.matches("/files/a.jsonb.json")).isTrue(); // repeats: a.json + b.json
    assertThat(suffixed.matches("/files/a.json/b.json")).isFalse(); // a segment has no '/'
    assertThat(suffixed.matches("/files/a")).isFalse();
  }

  @Test
  void wildcardsSpanSegments() {
    assertThat(p("https://example.com/*").matches("https://example.com/a/b?c#d")).isTrue();
    assertThat(p("/*.png").matches("/img/cat.png")).isTrue();
    assertThat(p("/*.png").matches("/img/cat.jpg")).isFalse();
  }

  @Test
  void regexpGroupsUseTheSafeSubset() {
    TopicSelector digits = p("/books/:id(\\d+)");
    assertThat(digits.matches("/books/123")).isTrue();
    assertThat(digits.matches("/books/12a")).isFalse();
    TopicSelector lang = p("/:lang(en|fr|de-[A-Z]{2})/*");
    assertThat(lang.matches("/fr/page")).isTrue();
    assertThat(lang.matches("/de-CH/page")).isTrue();
    assertThat(lang.matches("/es/page")).isFalse();
    assertThat(p("/items/([^/]+?)").matches("/items/x%20y")).isTrue();
    assertThat(p("/v/((?:ab)+)").matches("/v/ababab")).isTrue();
    assertThat(p("/v/((?:ab)+)").matches("/v/aba")).isFalse();
  }

  @Test
  void searchAndHashComponentsMatchWithoutTheirPrefixCharacter() {
    TopicSelector search = p("https://example.com/search?q=:query");
    assertThat(search.matches("https://example.com/search?q=cats")).isTrue();
    assertThat(search.matches("https://example.com/search?lang=en")).isFalse();
    assertThat(search.matches("https://example.com/search")).isFalse();
    TopicSelector hash = p("https://example.com/page#:section");
    assertThat(hash.matches("https://example.com/page#intro")).isTrue();
    assertThat(hash.matches("https://example.com/page")).isFalse();
  }

  @Test
  void urlsAreCanonicalizedBeforeMatching() {
    TopicSelector books = p("https://EXAMPLE.com:443/books/:id");
    assertThat(books.matches("https://example.COM/books/1")).isTrue();
    assertThat(books.matches("HTTPS://example.com:443/books/1")).isTrue();
    assertThat(books.matches("https://example.com/books/../books/1")).isTrue();
    assertThat(books.matches("https://example.com/Books/1")).isFalse(); // paths keep their case
    assertThat(p("http://localhost:8080/*").matches("http://localhost:8081/x")).isFalse();
    assertThat(p("https://example.com/caf\u00e9").matches("https://example.com/caf%C3%A9")).isTrue();
  }

  @Test
  void nonUrlTopicsMatchOnlyOpaquePatterns() {
    // As in the standard, ':' before a name starts a group; "urn\\:" spells the scheme.
    TopicSelector urn = p("urn\\:uuid\\::id");
    assertThat(urn.matches("urn:uuid:1234")).isTrue();
    assertThat(urn.matches("urn:isbn:1234")).isFalse();
    assertThat(urn.matches("https://example.com/uuid:1234")).isFalse();
    assertThat(p("https://example.com/*").matches("https://exa mple.com/x")).isFalse();
  }

  @Test
  void malformedPatternsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> p("/books/:id(\\d+")).isInstanceOf(InvalidSelectorException.class)
        .hasMessageContaining("unclosed regexp group");
    assertThatThrownBy(() -> p("https://example.com/books/:"))
        .hasMessage("invalid URL pattern \"https://example.com/books/:\": missing group name after"
            + " ':' at 7");
    assertThatThrownBy(() -> p("/books/:")) // the lone ':' ends a protocol, as in the standard
        .hasMessageContaining("character '/' is not allowed in the protocol");
    assertThatThrownBy(() -> p("/:id/:id")).hasMessageContaining("duplicate group name 'id'");
    assertThatThrownBy(() -> p("/books{/old")).hasMessageContaining("expected '}'");
    assertThat(p("/(a)(b)").matches("/ab")).isTrue(); // two numbered groups are fine
    assertThatThrownBy(() -> p("/(?=x)")).hasMessageContaining("regexp group");
    assertThatThrownBy(() -> p("/((?=a)b)")).hasMessageContaining("only non-capturing groups");
    assertThatThrownBy(() -> p("/(a(b))")).hasMessageContaining("capturing groups are not allowed");
    assertThatThrownBy(() -> p("/(\\1)")).hasMessageContaining("unsupported escape '\\1'");
    assertThatThrownBy(() -> p("/(\\bword)")).hasMessageContaining("unsupported escape '\\b'");
    assertThatThrownBy(() -> p("/(^a$)")).hasMessageContaining("anchors");
    assertThatThrownBy(() -> p("/(a{2,1})")).hasMessageContaining("out of order");
    assertThatThrownBy(() -> TopicSelectors.withoutBase(SelectorLimits.defaults()).urlPattern("/a"))
        .hasMessageContaining("needs the hub URL as base");
  }
}
