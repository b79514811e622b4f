package dev.sluice.hub.internal.selector;

import dev.sluice.hub.internal.selector.UrlPatternTokenizer.Token;
import dev.sluice.hub.internal.selector.UrlPatternTokenizer.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * One component of a URL pattern (pathname, hostname, …): parsed into parts as the URL Pattern
 * standard's "parse a pattern string" does, then compiled to an {@link Nfa} instead of a
 * JavaScript regexp. The automaton accepts exactly what the standard's generated regexp would:
 * named groups ({@code :id}, one or more characters up to the delimiter), wildcards ({@code *}),
 * regexp groups (through {@link RegexSubsetCompiler}), {@code {…}} groups with prefix and suffix,
 * and the modifiers {@code ? * +}, including the implicit prefix ({@code /} in pathnames) a
 * repeated group takes along.
 */
final class UrlPatternComponent {
  /** Delimiter that ends a named group's segment, and the prefix character a group absorbs. */
  record Options(String delimiter, String prefix) {}

  static final Options DEFAULT = new Options("", "");
  static final Options HOSTNAME = new Options(".", "");
  static final Options PATHNAME = new Options("/", "/");

  private enum Modifier { NONE, OPTIONAL, ZERO_OR_MORE, ONE_OR_MORE }

  private enum PartType { FIXED, SEGMENT_WILDCARD, FULL_WILDCARD, REGEXP }

  private record Part(PartType type, String value, Modifier modifier, String prefix, String suffix) {}

  private static final CharSet DOT = CharSet.ANY.minus(CharSet.of("\n\r"));

  private final String kind;
  private final String expression;
  private final Options options;
  private final UnaryOperator<String> encode;
  private final List<Token> tokens;
  private final List<Part> parts = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final StringBuilder pendingFixed = new StringBuilder();
  private int index;
  private int nextNumericName;

  private UrlPatternComponent(String pattern, Options options, UnaryOperator<String> encode,
      String kind, String expression) {
    this.kind = kind;
    this.expression = expression;
    this.options = options;
    this.encode = encode;
    this.tokens = UrlPatternTokenizer.tokenize(pattern, kind, expression);
  }

  /**
   * Compiles one component; {@code encode} canonicalizes fixed text the way the component's values
   * are canonicalized. Returns null when the pattern matches every value (a lone {@code *}), so
   * that component costs nothing at match time. {@code groupCount[0]} is increased by the number of
   * groups and wildcards, which {@link SelectorLimits#maxParts()} bounds.
   */
  static Nfa compile(String pattern, Options options, UnaryOperator<String> encode, int maxStates,
      int[] groupCount, String kind, String expression) {
    UrlPatternComponent component = new UrlPatternComponent(pattern, options, encode, kind, expression);
    component.parse();
    List<Part> parts = component.parts;
    if (parts.size() == 1 && parts.get(0).type() == PartType.FULL_WILDCARD
        && parts.get(0).modifier() == Modifier.NONE && parts.get(0).prefix().isEmpty()
        && parts.get(0).suffix().isEmpty()) {
      return null; // free, so not counted against the limit either
    }
    for (Part part : parts) {
      if (part.type() != PartType.FIXED) {
        groupCount[0]++;
      }
    }
    NfaBuilder nfa = new NfaBuilder(maxStates, expression);
    int next = nfa.accept();
    for (int i = parts.size() - 1; i >= 0; i--) {
      next = component.emit(parts.get(i), nfa, next);
    }
    return nfa.build(next);
  }

  private void parse() {
    while (index < tokens.size()) {
      Token charToken = tryConsume(Type.CHAR);
      Token nameToken = tryConsume(Type.NAME);
      Token regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
      if (nameToken != null || regexpOrWildcard != null) {
        String prefix = charToken == null ? "" : charToken.value();
        if (!prefix.isEmpty() && !prefix.equals(options.prefix())) {
          pendingFixed.append(prefix);
          prefix = "";
        }
        flushPendingFixed();
        addPart(prefix, nameToken, regexpOrWildcard, "", tryConsumeModifier());
        continue;
      }
      Token fixed = charToken != null ? charToken : tryConsume(Type.ESCAPED_CHAR);
      if (fixed != null) {
        pendingFixed.append(fixed.value());
        continue;
      }
      if (tryConsume(Type.OPEN) != null) {
        String prefix = consumeText();
        Token name = tryConsume(Type.NAME);
        Token regexp = tryConsumeRegexpOrWildcard(name);
        String suffix = consumeText();
        consumeRequired(Type.CLOSE);
        addPart(prefix, name, regexp, suffix, tryConsumeModifier());
        continue;
      }
      flushPendingFixed();
      consumeRequired(Type.END);
    }
  }

  private void addPart(String prefix, Token name, Token regexpOrWildcard, String suffix,
      Token modifierToken) {
    Modifier modifier = modifierToken == null ? Modifier.NONE
        : modifierToken.value().equals("?") ? Modifier.OPTIONAL
        : modifierToken.value().equals("*") ? Modifier.ZERO_OR_MORE : Modifier.ONE_OR_MORE;
    if (name == null && regexpOrWildcard == null && modifier == Modifier.NONE) {
      pendingFixed.append(prefix);
      return;
    }
    flushPendingFixed();
    if (name == null && regexpOrWildcard == null) {
      if (!prefix.isEmpty()) {
        parts.add(new Part(PartType.FIXED, encode.apply(prefix), modifier, "", ""));
      }
      return;
    }
    PartType type;
    String value = "";
    if (regexpOrWildcard == null) {
      type = PartType.SEGMENT_WILDCARD;
    } else if (regexpOrWildcard.type() == Type.ASTERISK || regexpOrWildcard.value().equals(".*")) {
      type = PartType.FULL_WILDCARD;
    } else {
      type = PartType.REGEXP;
      value = regexpOrWildcard.value();
    }
    String groupName = name != null ? name.value() : Integer.toString(nextNumericName++);
    if (!names.add(groupName)) {
      throw InvalidSelectorException.of(kind, expression, "duplicate group name '" + groupName + "'");
    }
    parts.add(new Part(type, value, modifier, encode.apply(prefix), encode.apply(suffix)));
  }

  private int emit(Part part, NfaBuilder nfa, int next) {
    if (part.type() == PartType.FIXED) {
      return modified(nfa, n -> nfa.literal(part.value(), n), part.modifier(), next);
    }
    IntUnaryOperator inner = inner(part, nfa);
    String prefix = part.prefix();
    String suffix = part.suffix();
    if (prefix.isEmpty() && suffix.isEmpty()) {
      return modified(nfa, inner, part.modifier(), next);
    }
    IntUnaryOperator once = n -> nfa.literal(prefix, inner.applyAsInt(nfa.literal(suffix, n)));
    switch (part.modifier()) {
      case NONE:
        return once.applyAsInt(next);
      case OPTIONAL:
        return nfa.optional(once, next);
      default:
        // prefix inner (suffix prefix inner)* suffix: repeats share one prefix/suffix pair between
        // neighbours, as the standard's generated regexp does.
        int afterLoop = nfa.literal(suffix, next);
        int loop = nfa.star(
            n -> nfa.literal(suffix, nfa.literal(prefix, inner.applyAsInt(n))), afterLoop);
        int start = nfa.literal(prefix, inner.applyAsInt(loop));
        return part.modifier() == Modifier.ZERO_OR_MORE ? nfa.split(start, next) : start;
    }
  }

  private IntUnaryOperator inner(Part part, NfaBuilder nfa) {
    switch (part.type()) {
      case SEGMENT_WILDCARD:
        CharSet segment = options.delimiter().isEmpty()
            ? CharSet.ANY : CharSet.ANY.minus(CharSet.of(options.delimiter()));
        return n -> nfa.plus(m -> nfa.set(segment, m), n);
      case FULL_WILDCARD:
        return n -> nfa.star(m -> nfa.set(DOT, m), n);
      default:
        return RegexSubsetCompiler.compile(nfa, part.value(), kind, expression);
    }
  }

  private static int modified(NfaBuilder nfa, IntUnaryOperator body, Modifier modifier, int next) {
    switch (modifier) {
      case OPTIONAL:
        return nfa.optional(body, next);
      case ZERO_OR_MORE:
        return nfa.star(body, next);
      case ONE_OR_MORE:
        return nfa.plus(body, next);
      default:
        return body.applyAsInt(next);
    }
  }

  private void flushPendingFixed() {
    if (pendingFixed.length() > 0) {
      parts.add(new Part(PartType.FIXED, encode.apply(pendingFixed.toString()), Modifier.NONE, "", ""));
      pendingFixed.setLength(0);
    }
  }

  private Token tryConsume(Type type) {
    Token token = tokens.get(index);
    if (token.type() != type) {
      return null;
    }
    index++;
    return token;
  }

  private Token tryConsumeModifier() {
    Token token = tryConsume(Type.OTHER_MODIFIER);
    return token != null ? token : tryConsume(Type.ASTERISK);
  }

  private Token tryConsumeRegexpOrWildcard(Token name) {
    Token token = tryConsume(Type.REGEXP);
    return token == null && name == null ? tryConsume(Type.ASTERISK) : token;
  }

  private String consumeText() {
    StringBuilder text = new StringBuilder();
    for (Token t = tryConsume(Type.CHAR); t != null || (t = tryConsume(Type.ESCAPED_CHAR)) != null;
        t = tryConsume(Type.CHAR)) {
      text.append(t.value());
    }
    return text.toString();
  }

  private void consumeRequired(Type type) {
    if (tryConsume(type) == null) {
      Token found = tokens.get(index);
      String what = found.type() == Type.END ? "end of pattern" : "'" + found.value() + "'";
      throw InvalidSelectorException.of(kind, expression, "unexpected " + what
          + (type == Type.CLOSE ? ", expected '}'" : "") + " in component pattern");
    }
  }
}
