package dev.sluice.hub.internal.selector;

import dev.sluice.hub.internal.selector.UrlPatternConstructorParser.Component;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A WHATWG URL pattern given as one string, compiled per component. Relative patterns and relative
 * topics are resolved against the hub's URL, as the Mercure draft requires; components the pattern
 * leaves out are wildcards, except those inherited from the base. A topic matches when it parses
 * as a URL (against the base) and every component matches. {@code ignoreCase} is never enabled.
 */
final class UrlPatternSelector implements TopicSelector {
  static final String KIND = "URL pattern";
  private static final String[] SPECIAL_SCHEMES = {"http", "https", "ws", "wss", "ftp", "file"};

  private final String pattern;
  private final UrlParts base; // null when the hub has no URL: only absolute patterns compile
  private final Nfa[] components; // by Component ordinal; null matches any value
  private final long maxSteps;

  private UrlPatternSelector(String pattern, UrlParts base, Nfa[] components, long maxSteps) {
    this.pattern = pattern;
    this.base = base;
    this.components = components;
    this.maxSteps = maxSteps;
  }

  static UrlPatternSelector compile(String pattern, UrlParts base, SelectorLimits limits) {
    int maxStates = limits.maxAutomatonStates();
    Map<Component, String> init = UrlPatternConstructorParser.parse(
        pattern, protocol -> matchesSpecialScheme(protocol, maxStates, pattern), KIND);
    if (!init.containsKey(Component.PROTOCOL) && base == null) {
      throw InvalidSelectorException.of(KIND, pattern,
          "a relative pattern needs the hub URL as base, and none is configured");
    }
    Map<Component, String> resolved = withBase(init, base);
    String protocol = resolved.get(Component.PROTOCOL);
    if (UrlParts.isSpecial(protocol)
        && resolved.get(Component.PORT).equals(UrlParts.SPECIAL_SCHEME_PORTS.get(protocol))) {
      resolved.put(Component.PORT, "");
    }
    boolean special = matchesSpecialScheme(protocol, maxStates, pattern);
    int[] groups = new int[1];
    Nfa[] nfas = new Nfa[Component.values().length];
    for (Component c : Component.values()) {
      UrlPatternComponent.Options options = c == Component.HOSTNAME ? UrlPatternComponent.HOSTNAME
          : c == Component.PATHNAME && special ? UrlPatternComponent.PATHNAME
          : UrlPatternComponent.DEFAULT;
      nfas[c.ordinal()] = UrlPatternComponent.compile(resolved.get(c), options,
          encoder(c, special, pattern), maxStates, groups, KIND, pattern);
    }
    limits.checkParts(KIND, pattern, groups[0]);
    return new UrlPatternSelector(pattern, base, nfas, limits.maxMatchSteps());
  }

  /** "process a URLPatternInit" for type pattern: inherit from the base, default the rest to *. */
  private static Map<Component, String> withBase(Map<Component, String> init, UrlParts base) {
    Map<Component, String> result = new EnumMap<>(init);
    if (base != null) {
      boolean p = init.containsKey(Component.PROTOCOL);
      boolean h = p || init.containsKey(Component.HOSTNAME);
      boolean port = h || init.containsKey(Component.PORT);
      boolean path = port || init.containsKey(Component.PATHNAME);
      boolean search = path || init.containsKey(Component.SEARCH);
      boolean hash = search || init.containsKey(Component.HASH);
      inherit(result, Component.PROTOCOL, p, base.protocol());
      inherit(result, Component.HOSTNAME, h, base.hostname());
      inherit(result, Component.PORT, port, base.port());
      inherit(result, Component.PATHNAME, path, base.pathname());
      inherit(result, Component.SEARCH, search, base.search());
      inherit(result, Component.HASH, hash, base.hash());
      // Only a pattern without its own protocol takes the base's directory: "urn:a/:b" must not
      // become "urn:" + the hub's path + "a/:b".
      String pathname = init.get(Component.PATHNAME);
      if (pathname != null && !p && !base.opaquePath() && !pathname.startsWith("/")
          && !pathname.startsWith("\\/") && !pathname.startsWith("{/")) {
        String directory = base.pathname().substring(0, base.pathname().lastIndexOf('/') + 1);
        result.put(Component.PATHNAME, escape(directory) + pathname);
      }
    }
    for (Component c : Component.values()) {
      result.putIfAbsent(c, "*");
    }
    return result;
  }

  private static void inherit(Map<Component, String> result, Component c, boolean given,
      String value) {
    if (!given) {
      result.put(c, escape(value));
    }
  }

  /** The standard's "escape a pattern string": base URL text is literal, not syntax. */
  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("+*?:{}()\\".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean matchesSpecialScheme(String protocolPattern, int maxStates, String pattern) {
    Nfa nfa = UrlPatternComponent.compile(protocolPattern, UrlPatternComponent.DEFAULT,
        UrlParts::lowerAscii, maxStates, new int[1], KIND, pattern);
    if (nfa == null) {
      return true;
    }
    for (String scheme : SPECIAL_SCHEMES) {
      if (nfa.matches(scheme, new StepMeter(Long.MAX_VALUE))) {
        return true;
      }
    }
    return false;
  }

  /** Canonicalizes fixed pattern text like the component's values, refusing what no URL has. */
  private static UnaryOperator<String> encoder(Component c, boolean special, String pattern) {
    switch (c) {
      case PROTOCOL:
        return text -> UrlParts.lowerAscii(checked(text, SCHEME, "protocol", pattern));
      case HOSTNAME:
        return text -> UrlParts.lowerAscii(checked(text, HOST, "hostname", pattern));
      case PORT:
        return text -> checked(text, CharSet.DIGITS, "port", pattern);
      case USERNAME:
      case PASSWORD:
        return UrlParts::encodeUserinfo;
      case PATHNAME:
        return special ? UrlParts::encodePath : UrlParts::encodeOpaquePath;
      case SEARCH:
        return s -> UrlParts.encodeQuery(s, special);
      case HASH:
        return UrlParts::encodeFragment;
      default:
        throw new IllegalArgumentException(c.name());
    }
  }

  private static final CharSet SCHEME = CharSet.ALPHA.union(CharSet.DIGITS).plus("+-.");
  private static final CharSet HOST = CharSet.ANY.minus(CharSet.of(" #/<>?@\\^|%"));

  private static String checked(String text, CharSet allowed, String component, String pattern) {
    for (int i = 0; i < text.length(); i++) {
      if (!allowed.contains(text.charAt(i))) {
        throw InvalidSelectorException.of(KIND, pattern, "character "
            + UriTemplateCompiler.describe(text.charAt(i)) + " is not allowed in the " + component);
      }
    }
    return text;
  }

  @Override
  public Kind kind() {
    return Kind.URL_PATTERN;
  }

  @Override
  public String expression() {
    return pattern;
  }

  @Override
  public boolean matches(String topic) {
    return matches(topic, new StepMeter(maxSteps));
  }

  boolean matches(String topic, StepMeter meter) {
    meter.spend(topic.length()); // parsing the topic as a URL is linear too
    Optional<UrlParts> parsed = TopicUrlParser.parse(topic, base);
    if (parsed.isEmpty()) {
      return false;
    }
    UrlParts url = parsed.get();
    String[] values = {url.protocol(), url.username(), url.password(), url.hostname(), url.port(),
        url.pathname(), url.search(), url.hash()};
    for (int i = 0; i < values.length; i++) {
      if (components[i] != null && !components[i].matches(values[i], meter)) {
        return false;
      }
    }
    return !meter.exhausted(); // reading the topic alone may have spent the budget
  }

  @Override
  public int cost() {
    return automatonSize();
  }

  long maxSteps() {
    return maxSteps;
  }

  int automatonSize() {
    int size = 0;
    for (Nfa nfa : components) {
      size += nfa == null ? 0 : nfa.size();
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlPatternSelector && ((UrlPatternSelector) o).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return 31 * pattern.hashCode() + 2;
  }

  @Override
  public String toString() {
    return "URL_PATTERN " + pattern;
  }
}
