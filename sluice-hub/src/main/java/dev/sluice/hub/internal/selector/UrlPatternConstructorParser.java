package dev.sluice.hub.internal.selector;

import dev.sluice.hub.internal.selector.UrlPatternTokenizer.Token;
import dev.sluice.hub.internal.selector.UrlPatternTokenizer.Type;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The URL Pattern standard's constructor string parser: splits a pattern string such as {@code
 * https://*.example.com/books/:id?*} into per-component pattern strings, skipping separators that
 * sit inside {@code {…}} groups or are escaped. Components the string does not reach stay absent
 * (and later default to {@code *} or come from the base URL).
 */
final class UrlPatternConstructorParser {
  enum Component { PROTOCOL, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH }

  private enum State { INIT, PROTOCOL, AUTHORITY, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME,
    SEARCH, HASH, DONE }

  private final String input;
  private final List<Token> tokens;
  private final Predicate<String> protocolIsSpecial;
  private final Map<Component, String> result = new EnumMap<>(Component.class);
  private State state = State.INIT;
  private int tokenIndex;
  private int tokenIncrement;
  private int componentStart;
  private int groupDepth;
  private int ipv6Depth;
  private boolean protocolMatchesSpecialScheme;

  private UrlPatternConstructorParser(String input, List<Token> tokens,
      Predicate<String> protocolIsSpecial) {
    this.input = input;
    this.tokens = tokens;
    this.protocolIsSpecial = protocolIsSpecial;
  }

  /**
   * Splits {@code input}; {@code protocolIsSpecial} tells whether a protocol pattern can match a
   * special scheme (http, https, ws, wss, ftp, file), which decides whether an authority follows.
   */
  static Map<Component, String> parse(String input, Predicate<String> protocolIsSpecial,
      String kind) {
    UrlPatternConstructorParser parser = new UrlPatternConstructorParser(
        input, UrlPatternTokenizer.tokenize(input, true, kind, input), protocolIsSpecial);
    parser.run();
    return parser.result;
  }

  private void run() {
    while (tokenIndex < tokens.size()) {
      tokenIncrement = 1;
      if (tokens.get(tokenIndex).type() == Type.END) {
        if (state == State.INIT) {
          rewind();
          if (isChar(tokenIndex, "#")) {
            changeState(State.HASH, 1);
          } else if (isSearchPrefix()) {
            changeState(State.SEARCH, 1);
          } else {
            changeState(State.PATHNAME, 0);
          }
          tokenIndex += tokenIncrement;
          continue;
        }
        if (state == State.AUTHORITY) {
          rewind();
          state = State.HOSTNAME;
          tokenIndex += tokenIncrement;
          continue;
        }
        changeState(State.DONE, 0);
        break;
      }
      Type type = tokens.get(tokenIndex).type();
      if (type == Type.OPEN) {
        groupDepth++;
        tokenIndex += tokenIncrement;
        continue;
      }
      if (groupDepth > 0) {
        if (type == Type.CLOSE) {
          groupDepth--;
        } else {
          tokenIndex += tokenIncrement;
          continue;
        }
      }
      step();
      tokenIndex += tokenIncrement;
    }
    if (result.containsKey(Component.HOSTNAME) && !result.containsKey(Component.PORT)) {
      result.put(Component.PORT, "");
    }
  }

  private void step() {
    switch (state) {
      case INIT:
        if (isChar(tokenIndex, ":")) {
          rewind();
          state = State.PROTOCOL;
        }
        break;
      case PROTOCOL:
        if (isChar(tokenIndex, ":")) {
          protocolMatchesSpecialScheme = protocolIsSpecial.test(componentString());
          if (isChar(tokenIndex + 1, "/") && isChar(tokenIndex + 2, "/")) {
            changeState(State.AUTHORITY, 3);
          } else if (protocolMatchesSpecialScheme) {
            changeState(State.AUTHORITY, 1);
          } else {
            changeState(State.PATHNAME, 1);
          }
        }
        break;
      case AUTHORITY:
        if (isChar(tokenIndex, "@")) {
          rewind();
          state = State.USERNAME;
        } else if (isChar(tokenIndex, "/") || isSearchPrefix() || isChar(tokenIndex, "#")) {
          rewind();
          state = State.HOSTNAME;
        }
        break;
      case USERNAME:
        if (isChar(tokenIndex, ":")) {
          changeState(State.PASSWORD, 1);
        } else if (isChar(tokenIndex, "@")) {
          changeState(State.HOSTNAME, 1);
        }
        break;
      case PASSWORD:
        if (isChar(tokenIndex, "@")) {
          changeState(State.HOSTNAME, 1);
        }
        break;
      case HOSTNAME:
        if (isChar(tokenIndex, "[")) {
          ipv6Depth++;
        } else if (isChar(tokenIndex, "]")) {
          ipv6Depth--;
        } else if (isChar(tokenIndex, ":") && ipv6Depth == 0) {
          changeState(State.PORT, 1);
        } else {
          afterAuthority();
        }
        break;
      case PORT:
        afterAuthority();
        break;
      case PATHNAME:
        if (isSearchPrefix()) {
          changeState(State.SEARCH, 1);
        } else if (isChar(tokenIndex, "#")) {
          changeState(State.HASH, 1);
        }
        break;
      case SEARCH:
        if (isChar(tokenIndex, "#")) {
          changeState(State.HASH, 1);
        }
        break;
      default:
        break;
    }
  }

  private void afterAuthority() {
    if (isChar(tokenIndex, "/")) {
      changeState(State.PATHNAME, 0);
    } else if (isSearchPrefix()) {
      changeState(State.SEARCH, 1);
    } else if (isChar(tokenIndex, "#")) {
      changeState(State.HASH, 1);
    }
  }

  private void changeState(State next, int skip) {
    if (state != State.INIT && state != State.AUTHORITY && state != State.DONE) {
      result.put(Component.valueOf(state.name()), componentString());
    }
    if (state != State.INIT && next != State.DONE) {
      boolean beforeHost = state == State.PROTOCOL || state == State.AUTHORITY
          || state == State.USERNAME || state == State.PASSWORD;
      boolean beforePath = beforeHost || state == State.HOSTNAME || state == State.PORT;
      if (beforeHost && (next == State.PORT || next == State.PATHNAME || next == State.SEARCH
          || next == State.HASH)) {
        result.putIfAbsent(Component.HOSTNAME, "");
      }
      if (beforePath && (next == State.SEARCH || next == State.HASH)) {
        result.putIfAbsent(Component.PATHNAME, protocolMatchesSpecialScheme ? "/" : "");
      }
      if ((beforePath || state == State.PATHNAME) && next == State.HASH) {
        result.putIfAbsent(Component.SEARCH, "");
      }
    }
    state = next;
    tokenIndex += skip;
    componentStart = tokenIndex;
    tokenIncrement = 0;
  }

  private void rewind() {
    tokenIndex = componentStart;
    tokenIncrement = 0;
  }

  private String componentString() {
    int start = safeToken(componentStart).index();
    int end = tokens.get(tokenIndex).index();
    return input.substring(start, end);
  }

  private Token safeToken(int index) {
    return index < tokens.size() ? tokens.get(index) : tokens.get(tokens.size() - 1);
  }

  /** A plain (or escaped) character equal to {@code value}, not pattern syntax. */
  private boolean isChar(int index, String value) {
    Token token = safeToken(index);
    return token.value().equals(value)
        && (token.type() == Type.CHAR || token.type() == Type.ESCAPED_CHAR);
  }

  /** A {@code ?} that cannot be a modifier because nothing before it can be modified. */
  private boolean isSearchPrefix() {
    if (isChar(tokenIndex, "?")) {
      return true;
    }
    if (!tokens.get(tokenIndex).value().equals("?")) {
      return false;
    }
    if (tokenIndex == 0) {
      return true;
    }
    Type previous = safeToken(tokenIndex - 1).type();
    return previous != Type.NAME && previous != Type.REGEXP && previous != Type.CLOSE
        && previous != Type.ASTERISK;
  }
}
