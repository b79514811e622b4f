package dev.sluice.hub.internal.selector;


/**
 * How a granted {@link Selector} is matched against a topic.
 *
 * <p>The reserved pattern {@code *} matches every topic whatever its type; the grant checks it
 * before it asks a {@link SelectorMatcher}, so matchers never see it.
 */
public enum MatchType {
  /** Byte-for-byte comparison ({@code "matchType": "Exact"}, the default in {@code authorization_details}). */
  EXACT("Exact"),
  /** A WHATWG URL Pattern ({@code "matchType": "URLPattern"}). */
  URL_PATTERN("URLPattern"),
  /**
   * The earlier drafts' selector from the {@code mercure.publish} / {@code mercure.subscribe} claims:
   * matches when the topic equals the string or when the string is an RFC 6570 URI Template that
   * matches the topic.
   */
  URI_TEMPLATE("URITemplate");

  private final String wireName;

  MatchType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire: {@code Exact}, {@code URLPattern}; {@code URITemplate} is Sluice's own. */
  public String wireName() {
    return wireName;
  }
}
