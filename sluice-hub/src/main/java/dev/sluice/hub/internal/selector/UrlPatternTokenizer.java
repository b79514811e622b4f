package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * The URL Pattern standard's tokenizer: splits a pattern string into groups, names, regexp groups,
 * modifiers, escapes and plain characters. The strict policy (component patterns) throws on bad
 * syntax; the lenient one (splitting the whole string into components) turns the offending
 * character into a plain one, as the standard does. Regexp groups are only delimited here; {@link
 * RegexSubsetCompiler} decides whether their content is acceptable.
 */
final class UrlPatternTokenizer {
  enum Type { OPEN, CLOSE, REGEXP, NAME, CHAR, ESCAPED_CHAR, OTHER_MODIFIER, ASTERISK, END }

  /** {@code index} is where the token starts in the input; {@code value} its meaningful text. */
  record Token(Type type, int index, String value) {}

  private UrlPatternTokenizer() {}

  static List<Token> tokenize(String input, String kind, String expression) {
    return tokenize(input, false, kind, expression);
  }

  static List<Token> tokenize(String input, boolean lenient, String kind, String expression) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < input.length()) {
      int cp = input.codePointAt(i);
      int width = Character.charCount(cp);
      String text = input.substring(i, i + width);
      switch (cp) {
        case '*':
          tokens.add(new Token(Type.ASTERISK, i, text));
          i++;
          break;
        case '+':
        case '?':
          tokens.add(new Token(Type.OTHER_MODIFIER, i, text));
          i++;
          break;
        case '\\': {
          if (i + 1 >= input.length()) {
            if (lenient) {
              tokens.add(new Token(Type.CHAR, i, text));
              i++;
              break;
            }
            throw InvalidSelectorException.of(kind, expression, "trailing '\\'");
          }
          int escaped = input.codePointAt(i + 1);
          tokens.add(new Token(Type.ESCAPED_CHAR, i, new String(Character.toChars(escaped))));
          i += 1 + Character.charCount(escaped);
          break;
        }
        case '{':
          tokens.add(new Token(Type.OPEN, i, text));
          i++;
          break;
        case '}':
          tokens.add(new Token(Type.CLOSE, i, text));
          i++;
          break;
        case ':': {
          int end = i + 1;
          while (end < input.length() && isNameCodePoint(input.codePointAt(end), end == i + 1)) {
            end += Character.charCount(input.codePointAt(end));
          }
          if (end == i + 1) {
            if (lenient) {
              tokens.add(new Token(Type.CHAR, i, text));
              i++;
              break;
            }
            throw InvalidSelectorException.of(kind, expression, "missing group name after ':' at " + i);
          }
          tokens.add(new Token(Type.NAME, i, input.substring(i + 1, end)));
          i = end;
          break;
        }
        case '(':
          try {
            i = regexp(input, i, tokens, kind, expression);
          } catch (InvalidSelectorException e) {
            if (!lenient) {
              throw e;
            }
            tokens.add(new Token(Type.CHAR, i, text));
            i++;
          }
          break;
        default:
          tokens.add(new Token(Type.CHAR, i, text));
          i += width;
      }
    }
    tokens.add(new Token(Type.END, input.length(), ""));
    return tokens;
  }

  /** A JavaScript IdentifierStart (first) or IdentifierPart code point, as named groups use. */
  private static boolean isNameCodePoint(int cp, boolean first) {
    if (cp == '$' || cp == '_') {
      return true;
    }
    return first
        ? Character.isUnicodeIdentifierStart(cp)
        : Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp)
            || cp == 0x200c || cp == 0x200d;
  }

  private static int regexp(String input, int open, List<Token> tokens, String kind, String expr) {
    int depth = 1;
    int i = open + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c >= 0x80) {
        throw InvalidSelectorException.of(kind, expr, "non-ASCII character in regexp group at " + i);
      }
      if (i == open + 1 && c == '?') {
        throw InvalidSelectorException.of(kind, expr, "regexp group may not start with '?' at " + i);
      }
      if (c == '\\') {
        if (i + 1 >= input.length() || input.charAt(i + 1) >= 0x80) {
          throw InvalidSelectorException.of(kind, expr, "bad escape in regexp group at " + i);
        }
        i += 2;
        continue;
      }
      if (c == ')') {
        depth--;
        if (depth == 0) {
          break;
        }
      } else if (c == '(') {
        depth++;
        if (i + 1 >= input.length() || input.charAt(i + 1) != '?') {
          throw InvalidSelectorException.of(kind, expr,
              "capturing groups are not allowed inside a regexp group (use '(?:') at " + i);
        }
      }
      i++;
    }
    if (depth != 0) {
      throw InvalidSelectorException.of(kind, expr, "unclosed regexp group at " + open);
    }
    String body = input.substring(open + 1, i);
    if (body.isEmpty()) {
      throw InvalidSelectorException.of(kind, expr, "empty regexp group at " + open);
    }
    tokens.add(new Token(Type.REGEXP, open, body));
    return i + 1;
  }
}
