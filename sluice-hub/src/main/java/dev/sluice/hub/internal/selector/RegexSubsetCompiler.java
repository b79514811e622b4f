package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the content of a URL pattern's regexp group, {@code (…)}, into the shared automaton,
 * accepting only the regular part of JavaScript regexp syntax: literals, {@code .}, classes
 * ({@code [a-z]}, {@code [^/]}, {@code \d \w \s} and negations), non-capturing groups
 * {@code (?:…)}, alternation, and the quantifiers {@code ? * + {n} {n,} {n,m}} (lazy or not, which
 * does not change whether a string matches). Backreferences, lookaround, word boundaries and
 * anchors are refused: they are what makes regexps non-regular, and so what makes backtracking
 * engines explode. What is accepted runs in linear time like the rest of the automaton; bounded
 * repeats are unrolled under the automaton state limit.
 *
 * <p>This class is not thread-safe; use one per group.
 */
final class RegexSubsetCompiler {
  private static final int MAX_NESTING = 16;
  private static final int MAX_REPEAT = 1000;
  private static final CharSet WORD = CharSet.ranges("AZaz09").plus("_");
  private static final CharSet SPACE = CharSet.of(" \t\n\u000b\f\r");
  private static final CharSet DOT = CharSet.ANY.minus(CharSet.of("\n\r"));

  private sealed interface Node permits Atom, Seq, Alt, Repeat {}

  private record Atom(CharSet set, int codePoint) implements Node {}

  private record Seq(List<Node> items) implements Node {}

  private record Alt(List<Node> options) implements Node {}

  private record Repeat(Node body, int min, int max) implements Node {}

  private final String regex;
  private final String kind;
  private final String expression;
  private int pos;

  private RegexSubsetCompiler(String regex, String kind, String expression) {
    this.regex = regex;
    this.kind = kind;
    this.expression = expression;
  }

  /** Parses {@code regex} and returns a body that compiles it in front of any continuation. */
  static java.util.function.IntUnaryOperator compile(
      NfaBuilder nfa, String regex, String kind, String expression) {
    RegexSubsetCompiler parser = new RegexSubsetCompiler(regex, kind, expression);
    Node node = parser.alternation(0);
    if (parser.pos < regex.length()) {
      throw parser.error("unexpected '" + regex.charAt(parser.pos) + "'");
    }
    return next -> emit(nfa, node, next);
  }

  private static int emit(NfaBuilder nfa, Node node, int next) {
    if (node instanceof Atom) {
      Atom atom = (Atom) node;
      return atom.set() != null ? nfa.set(atom.set(), next) : nfa.codePoint(atom.codePoint(), next);
    }
    if (node instanceof Seq) {
      List<Node> items = ((Seq) node).items();
      int state = next;
      for (int i = items.size() - 1; i >= 0; i--) {
        state = emit(nfa, items.get(i), state);
      }
      return state;
    }
    if (node instanceof Alt) {
      List<Node> options = ((Alt) node).options();
      int state = emit(nfa, options.get(options.size() - 1), next);
      for (int i = options.size() - 2; i >= 0; i--) {
        state = nfa.split(emit(nfa, options.get(i), next), state);
      }
      return state;
    }
    Repeat repeat = (Repeat) node;
    return nfa.repeat(n -> emit(nfa, repeat.body(), n), repeat.min(), repeat.max(), next);
  }

  private Node alternation(int depth) {
    if (depth > MAX_NESTING) {
      throw error("groups nested deeper than " + MAX_NESTING);
    }
    List<Node> options = new ArrayList<>();
    options.add(sequence(depth));
    while (peek() == '|') {
      pos++;
      options.add(sequence(depth));
    }
    return options.size() == 1 ? options.get(0) : new Alt(options);
  }

  private Node sequence(int depth) {
    List<Node> items = new ArrayList<>();
    while (pos < regex.length() && peek() != '|' && peek() != ')') {
      Node atom = atom(depth);
      items.add(quantified(atom));
    }
    return items.size() == 1 ? items.get(0) : new Seq(items);
  }

  private Node atom(int depth) {
    char c = regex.charAt(pos++);
    switch (c) {
      case '(':
        if (!regex.startsWith("?:", pos)) {
          throw error("only non-capturing groups '(?:' are supported, not lookaround or named groups");
        }
        pos += 2;
        Node inner = alternation(depth + 1);
        if (peek() != ')') {
          throw error("unclosed group");
        }
        pos++;
        return inner;
      case '[':
        return new Atom(characterClass(), 0);
      case '.':
        return new Atom(DOT, 0);
      case '\\':
        return escape(false);
      case '^':
      case '$':
        throw error("anchors '^' and '$' are not supported (the whole component is matched)");
      case '*':
      case '+':
      case '?':
      case '{':
        throw error("nothing to repeat before '" + c + "'");
      case '}':
      case ']':
        throw error("unbalanced '" + c + "'");
      default:
        return new Atom(null, c);
    }
  }

  private Node quantified(Node atom) {
    if (pos >= regex.length()) {
      return atom;
    }
    int min;
    int max;
    char c = peek();
    if (c == '*' || c == '+' || c == '?') {
      pos++;
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
    } else if (c == '{') {
      pos++;
      min = number();
      max = min;
      if (peek() == ',') {
        pos++;
        max = peek() == '}' ? -1 : number();
      }
      if (peek() != '}') {
        throw error("malformed repeat '{'");
      }
      pos++;
      if (max >= 0 && max < min) {
        throw error("repeat bounds out of order");
      }
    } else {
      return atom;
    }
    if (peek() == '?') {
      pos++; // lazy: same strings match
    }
    return new Repeat(atom, min, max);
  }

  private int number() {
    int start = pos;
    while (pos < regex.length() && Character.isDigit(peek()) && pos - start < 5) {
      pos++;
    }
    if (start == pos) {
      throw error("malformed repeat '{'");
    }
    int value = Integer.parseInt(regex.substring(start, pos));
    if (value > MAX_REPEAT) {
      throw error("repeat count above " + MAX_REPEAT);
    }
    return value;
  }

  private CharSet characterClass() {
    boolean negated = peek() == '^';
    if (negated) {
      pos++;
    }
    CharSet set = CharSet.NONE;
    while (pos < regex.length() && peek() != ']') {
      Atom from = classAtom();
      if (peek() == '-' && pos + 1 < regex.length() && regex.charAt(pos + 1) != ']') {
        pos++;
        Atom to = classAtom();
        if (from.set() != null || to.set() != null || to.codePoint() < from.codePoint()) {
          throw error("bad range in character class");
        }
        set = set.plusRange(from.codePoint(), to.codePoint());
      } else {
        set = from.set() != null ? set.union(from.set()) : set.plusRange(from.codePoint(), from.codePoint());
      }
    }
    if (pos >= regex.length()) {
      throw error("unclosed character class");
    }
    pos++;
    return negated ? set.complement() : set;
  }

  private Atom classAtom() {
    char c = regex.charAt(pos++);
    return c == '\\' ? escape(true) : new Atom(null, c);
  }

  private Atom escape(boolean inClass) {
    if (pos >= regex.length()) {
      throw error("trailing '\\'");
    }
    char c = regex.charAt(pos++);
    switch (c) {
      case 'd': return new Atom(CharSet.DIGITS, 0);
      case 'D': return new Atom(CharSet.DIGITS.complement(), 0);
      case 'w': return new Atom(WORD, 0);
      case 'W': return new Atom(WORD.complement(), 0);
      case 's': return new Atom(SPACE, 0);
      case 'S': return new Atom(SPACE.complement(), 0);
      case 'n': return new Atom(null, '\n');
      case 'r': return new Atom(null, '\r');
      case 't': return new Atom(null, '\t');
      case 'f': return new Atom(null, '\f');
      case 'v': return new Atom(null, 0x0b);
      case 'x': return new Atom(null, hex(2));
      case 'u': return new Atom(null, hex(4));
      case '-':
        if (inClass) {
          return new Atom(null, '-');
        }
        throw error("unknown escape '\\-'");
      default:
        if ("^$\\.*+?()[]{}|/".indexOf(c) >= 0) {
          return new Atom(null, c);
        }
        throw error("unsupported escape '\\" + c + "' (backreferences, word boundaries and"
            + " property escapes are not supported)");
    }
  }

  private int hex(int digits) {
    if (pos + digits > regex.length()) {
      throw error("bad hexadecimal escape");
    }
    String text = regex.substring(pos, pos + digits);
    for (int i = 0; i < digits; i++) {
      if (!CharSet.HEX_DIGITS.contains(text.charAt(i))) {
        throw error("bad hexadecimal escape");
      }
    }
    pos += digits;
    return Integer.parseInt(text, 16);
  }

  private char peek() {
    return pos < regex.length() ? regex.charAt(pos) : '\0';
  }

  private InvalidSelectorException error(String problem) {
    // The group is quoted bounded, like the selector: both end up in a 400 response and the log.
    return InvalidSelectorException.of(kind, expression,
        "regexp group " + InvalidSelectorException.quote(regex) + " at " + pos + ": " + problem);
  }
}
