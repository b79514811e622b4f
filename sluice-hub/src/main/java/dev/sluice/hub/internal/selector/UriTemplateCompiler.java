package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an RFC 6570 URI template (all of level 4) into an automaton accepting exactly the
 * strings some expansion of the template could produce: a topic matches when there are values for
 * the variables (undefined, a string, a list or an associative array, as the modifiers permit)
 * whose expansion is the topic.
 *
 * <p>Per operator, a variable's value is made of the characters the operator leaves unencoded
 * (unreserved; plus reserved for {@code +} and {@code #}) and percent-encoded triplets; the list
 * separator {@code ,} is allowed too, and {@code =} plus the operator's separator with the explode
 * modifier. The named operators ({@code ;}, {@code ?}, {@code &}) require the variable name (or,
 * exploded, any key) before {@code =}. A prefix modifier {@code :n} limits the value to n
 * characters, a percent-encoded UTF-8 sequence counting as one. Variables may be left undefined,
 * so each expression, and each variable within it, is optional, as in expansion. One deliberate
 * widening: topics are IRIs, so a non-ASCII character stands for the percent-encoded bytes an
 * expansion would have produced.
 *
 * <p>This class is not thread-safe; use one per template.
 */
final class UriTemplateCompiler {
  static final String KIND = "URI template";
  private static final CharSet VARCHAR = CharSet.ranges("AZaz09").plus("_");
  /** RFC 6570 section 2.1: literals exclude CTL, SP, DQUOTE, ', %, <, >, \, ^, `, {, |, }. */
  private static final CharSet LITERAL_FORBIDDEN =
      CharSet.ranges("\u0000\u0020").plus("\"'%<>\\^`{|}\u007f");
  private static final CharSet LEAD_HEX = CharSet.ranges("07CFcf");
  private static final CharSet CONTINUATION_HEX = CharSet.of("89ABab");

  private final String template;
  private final SelectorLimits limits;
  private final NfaBuilder nfa;

  private UriTemplateCompiler(String template, SelectorLimits limits) {
    this.template = template;
    this.limits = limits;
    this.nfa = new NfaBuilder(limits.maxAutomatonStates(), template);
  }

  static Nfa compile(String template, SelectorLimits limits) {
    return new UriTemplateCompiler(template, limits).compile();
  }

  private record Var(String name, int prefix, boolean explode) {}

  private record Operator(String first, String separator, boolean named, boolean emptyNeedsEquals,
      CharSet allowed) {
    static Operator of(char c) {
      CharSet u = CharSet.UNRESERVED.plusNonAscii();
      CharSet ur = u.union(CharSet.RESERVED);
      switch (c) {
        case '+': return new Operator("", ",", false, false, ur);
        case '#': return new Operator("#", ",", false, false, ur);
        case '.': return new Operator(".", ".", false, false, u);
        case '/': return new Operator("/", "/", false, false, u);
        case ';': return new Operator(";", ";", true, false, u);
        case '?': return new Operator("?", "&", true, true, u);
        case '&': return new Operator("&", "&", true, true, u);
        default: return new Operator("", ",", false, false, u);
      }
    }
  }

  private Nfa compile() {
    // Parse first (forwards), then build the automaton backwards from the accepting state.
    List<Object> pieces = new ArrayList<>(); // String literals and List<Var> expressions
    List<Character> operators = new ArrayList<>();
    int variables = 0;
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int cp = template.codePointAt(i);
      if (cp == '{') {
        int close = template.indexOf('}', i);
        int nested = template.indexOf('{', i + 1);
        if (close < 0 || (nested >= 0 && nested < close)) {
          throw error("unclosed expression at " + i);
        }
        if (literal.length() > 0) {
          pieces.add(literal.toString());
          literal.setLength(0);
        }
        String body = template.substring(i + 1, close);
        char op = body.isEmpty() ? ' ' : body.charAt(0);
        if ("=,!@|".indexOf(op) >= 0) {
          throw error("operator '" + op + "' is reserved");
        }
        boolean hasOperator = "+#./;?&".indexOf(op) >= 0;
        List<Var> vars = parseVariables(hasOperator ? body.substring(1) : body);
        variables += vars.size();
        pieces.add(vars);
        operators.add(hasOperator ? op : ' ');
        i = close + 1;
      } else if (cp == '}') {
        throw error("unexpected '}' at " + i);
      } else if (cp == '%') {
        if (i + 2 >= template.length() || !isHex(template.charAt(i + 1))
            || !isHex(template.charAt(i + 2))) {
          throw error("'%' must start a percent-encoded octet at " + i);
        }
        literal.append(template, i, i + 3);
        i += 3;
      } else {
        if (LITERAL_FORBIDDEN.contains(cp) && cp < 128 || (cp >= 0x80 && cp <= 0x9f)) {
          throw error("character " + describe(cp) + " is not allowed at " + i);
        }
        literal.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
    }
    if (literal.length() > 0) {
      pieces.add(literal.toString());
    }
    limits.checkParts(KIND, template, variables);

    int next = nfa.accept();
    int opIndex = operators.size();
    for (int p = pieces.size() - 1; p >= 0; p--) {
      Object piece = pieces.get(p);
      if (piece instanceof String) {
        next = nfa.literal((String) piece, next);
      } else {
        @SuppressWarnings("unchecked")
        List<Var> vars = (List<Var>) piece;
        next = expression(Operator.of(operators.get(--opIndex)), vars, next);
      }
    }
    return nfa.build(next);
  }

  private List<Var> parseVariables(String list) {
    if (list.isEmpty()) {
      throw error("empty expression");
    }
    List<Var> vars = new ArrayList<>();
    for (String spec : list.split(",", -1)) {
      String name = spec;
      int prefix = 0;
      boolean explode = false;
      if (spec.endsWith("*")) {
        explode = true;
        name = spec.substring(0, spec.length() - 1);
      } else if (spec.indexOf(':') >= 0) {
        name = spec.substring(0, spec.indexOf(':'));
        String length = spec.substring(spec.indexOf(':') + 1);
        if (!length.matches("[1-9][0-9]{0,3}")) {
          throw error("prefix length of '" + name + "' must be 1 to 9999");
        }
        prefix = Integer.parseInt(length);
      }
      checkVariableName(name);
      vars.add(new Var(name, prefix, explode));
    }
    return vars;
  }

  private void checkVariableName(String name) {
    boolean valid = !name.isEmpty() && name.charAt(0) != '.' && name.charAt(name.length() - 1) != '.';
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '%') {
        valid = i + 2 < name.length() && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2));
        i += 2;
      } else if (c == '.') {
        valid = name.charAt(i - 1) != '.';
      } else {
        valid = VARCHAR.contains(c);
      }
    }
    if (!valid) {
      throw error("invalid variable name '" + name + "'");
    }
  }

  /**
   * first, then a non-empty, in-order selection of the variables joined by the separator; or
   * nothing at all when every variable is undefined. Built backwards so that each variable's
   * automaton is compiled once: {@code rest[k]} means "some variable from k on comes next".
   */
  private int expression(Operator op, List<Var> vars, int end) {
    int restFrom = -1; // start of "emit one of vars[k..] next"
    int afterItem = end; // continuation after the last variable
    for (int k = vars.size() - 1; k >= 0; k--) {
      int itemStart = item(op, vars.get(k), afterItem);
      restFrom = restFrom < 0 ? itemStart : nfa.split(itemStart, restFrom);
      afterItem = nfa.split(end, nfa.literal(op.separator(), restFrom));
    }
    return nfa.split(nfa.literal(op.first(), restFrom), end);
  }

  private int item(Operator op, Var var, int next) {
    CharSet allowed = op.allowed();
    if (!op.named()) {
      if (var.prefix() > 0) {
        return nfa.repeat(n -> character(allowed, n), 0, var.prefix(), next);
      }
      CharSet values = var.explode() ? allowed.plus(",=").plus(op.separator()) : allowed.plus(",");
      return nfa.star(n -> unit(values, n), next);
    }
    if (var.explode()) {
      // name=value pairs (list) or key=value pairs (associative array), joined by the separator.
      int more = nfa.star(n -> nfa.literal(op.separator(), pair(op, allowed, n)), next);
      return pair(op, allowed, more);
    }
    int value;
    if (var.prefix() > 0) {
      int min = op.emptyNeedsEquals() ? 0 : 1;
      value = nfa.repeat(n -> character(allowed, n), min, var.prefix(), next);
    } else {
      CharSet values = allowed.plus(",");
      value = op.emptyNeedsEquals()
          ? nfa.star(n -> unit(values, n), next)
          : nfa.plus(n -> unit(values, n), next);
    }
    int assignment = nfa.codePoint('=', value);
    return nfa.literal(var.name(), op.emptyNeedsEquals() ? assignment : nfa.split(assignment, next));
  }

  /** One key=value pair of an exploded named variable; {@code ;} drops "=" for empty values. */
  private int pair(Operator op, CharSet allowed, int next) {
    int value = op.emptyNeedsEquals()
        ? nfa.codePoint('=', nfa.star(n -> unit(allowed, n), next))
        : nfa.split(next, nfa.codePoint('=', nfa.plus(n -> unit(allowed, n), next)));
    return nfa.plus(n -> unit(allowed, n), value);
  }

  /** One allowed character or one percent-encoded octet. */
  private int unit(CharSet allowed, int next) {
    return nfa.split(nfa.set(allowed, next), pctTriplet(CharSet.HEX_DIGITS, next));
  }

  /** One character of a value for the prefix count: a percent-encoded UTF-8 sequence is one. */
  private int character(CharSet allowed, int next) {
    int continuations = nfa.star(n -> pctTriplet(CONTINUATION_HEX, n), next);
    return nfa.split(nfa.set(allowed, next), pctTriplet(LEAD_HEX, continuations));
  }

  private int pctTriplet(CharSet firstHex, int next) {
    return nfa.codePoint('%', nfa.set(firstHex, nfa.set(CharSet.HEX_DIGITS, next)));
  }

  private InvalidSelectorException error(String problem) {
    return InvalidSelectorException.of(KIND, template, problem);
  }

  private static boolean isHex(char c) {
    return CharSet.HEX_DIGITS.contains(c);
  }

  static String describe(int cp) {
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)
        ? String.format("U+%04X", cp)
        : "'" + new String(Character.toChars(cp)) + "'";
  }
}
