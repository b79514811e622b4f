package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses a topic (or the hub's URL) into {@link UrlParts}, resolving relative references against a
 * base, after the WHATWG URL Standard: lower-cased scheme and special-scheme host, default port
 * dropped, dot segments removed, the standard percent-encode sets applied. It is a subset: no IDNA
 * (a non-ASCII host is only lower-cased), no IPv4 number normalization, no Windows drive letters;
 * input it cannot parse is reported as empty, and an unparseable topic simply matches no URL
 * pattern.
 */
final class TopicUrlParser {
  private TopicUrlParser() {}

  static Optional<UrlParts> parse(String input, UrlParts base) {
    int colon = schemeEnd(input);
    if (colon > 0) {
      String scheme = UrlParts.lowerAscii(input.substring(0, colon));
      String rest = input.substring(colon + 1);
      boolean special = UrlParts.isSpecial(scheme);
      if (special) {
        int skip = 0;
        while (skip < rest.length() && (rest.charAt(skip) == '/' || rest.charAt(skip) == '\\')) {
          skip++;
        }
        return authorityAndAfter(scheme, rest.substring(skip));
      }
      if (rest.startsWith("//")) {
        return authorityAndAfter(scheme, rest.substring(2));
      }
      if (rest.startsWith("/")) {
        return Optional.of(withPathQueryFragment(scheme, "", "", "", "", rest, false));
      }
      return Optional.of(opaque(scheme, rest));
    }
    if (base == null) {
      return Optional.empty();
    }
    boolean special = UrlParts.isSpecial(base.protocol());
    if (base.opaquePath()) {
      if (!input.startsWith("#")) {
        return Optional.empty();
      }
      return Optional.of(new UrlParts(base.protocol(), "", "", "", "", base.pathname(),
          base.search(), UrlParts.encodeFragment(input.substring(1)), true));
    }
    if (input.startsWith("//") || (special && (input.startsWith("\\\\") || input.startsWith("/\\")
        || input.startsWith("\\/")))) {
      return authorityAndAfter(base.protocol(), input.substring(2));
    }
    if (input.startsWith("/") || (special && input.startsWith("\\"))) {
      return Optional.of(withPathQueryFragment(base.protocol(), base.username(), base.password(),
          base.hostname(), base.port(), input, special));
    }
    UrlParts same = new UrlParts(base.protocol(), base.username(), base.password(), base.hostname(),
        base.port(), base.pathname(), base.search(), "", false);
    if (input.isEmpty()) {
      return Optional.of(same);
    }
    if (input.startsWith("#")) {
      return Optional.of(new UrlParts(same.protocol(), same.username(), same.password(),
          same.hostname(), same.port(), same.pathname(), same.search(),
          UrlParts.encodeFragment(input.substring(1)), false));
    }
    String directory = base.pathname().substring(0, base.pathname().lastIndexOf('/') + 1);
    String path = input.startsWith("?") ? base.pathname() + input : directory + input;
    return Optional.of(withPathQueryFragment(base.protocol(), base.username(), base.password(),
        base.hostname(), base.port(), path, special));
  }

  /** Index of the scheme's ':' or -1: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"}. */
  private static int schemeEnd(String input) {
    if (input.isEmpty() || !CharSet.ALPHA.contains(input.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!CharSet.ALPHA.contains(c) && !CharSet.DIGITS.contains(c) && "+-.".indexOf(c) < 0) {
        return -1;
      }
    }
    return -1;
  }

  private static Optional<UrlParts> authorityAndAfter(String scheme, String rest) {
    boolean special = UrlParts.isSpecial(scheme);
    int end = 0;
    while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0
        && !(special && rest.charAt(end) == '\\')) {
      end++;
    }
    String authority = rest.substring(0, end);
    String username = "";
    String password = "";
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      int colon = userinfo.indexOf(':');
      username = UrlParts.encodeUserinfo(colon < 0 ? userinfo : userinfo.substring(0, colon));
      password = colon < 0 ? "" : UrlParts.encodeUserinfo(userinfo.substring(colon + 1));
      authority = authority.substring(at + 1);
    }
    int portColon = authority.lastIndexOf(':');
    if (portColon >= 0 && authority.indexOf(']', portColon) >= 0) {
      portColon = -1; // the colon is inside an IPv6 literal
    }
    String host = portColon < 0 ? authority : authority.substring(0, portColon);
    String port = portColon < 0 ? "" : authority.substring(portColon + 1);
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5
        || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
      return Optional.empty();
    }
    if (!port.isEmpty()) {
      port = Integer.toString(Integer.parseInt(port));
    }
    if (port.equals(UrlParts.SPECIAL_SCHEME_PORTS.get(scheme))) {
      port = "";
    }
    if (special) {
      if (host.isEmpty() && !scheme.equals("file")) {
        return Optional.empty();
      }
      host = UrlParts.lowerAscii(host);
    }
    for (int i = 0; i < host.length(); i++) {
      if (" #/<>?@\\^|".indexOf(host.charAt(i)) >= 0) {
        return Optional.empty(); // forbidden host code points
      }
    }
    return Optional.of(
        withPathQueryFragment(scheme, username, password, host, port, rest.substring(end), special));
  }

  private static UrlParts withPathQueryFragment(String scheme, String username, String password,
      String host, String port, String rest, boolean special) {
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = UrlParts.encodeFragment(rest.substring(hash + 1));
      rest = rest.substring(0, hash);
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = UrlParts.encodeQuery(rest.substring(question + 1), special);
      rest = rest.substring(0, question);
    }
    if (special) {
      rest = rest.replace('\\', '/');
    }
    String path = UrlParts.encodePath(removeDotSegments(rest));
    if (special && path.isEmpty()) {
      path = "/";
    }
    return new UrlParts(scheme, username, password, host, port, path, query, fragment, false);
  }

  private static UrlParts opaque(String scheme, String rest) {
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = UrlParts.encodeFragment(rest.substring(hash + 1));
      rest = rest.substring(0, hash);
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = UrlParts.encodeQuery(rest.substring(question + 1), false);
      rest = rest.substring(0, question);
    }
    return new UrlParts(scheme, "", "", "", "", UrlParts.encodeOpaquePath(rest), query, fragment,
        true);
  }

  /** WHATWG path parsing's handling of "." and ".." (and their %2e spellings). */
  static String removeDotSegments(String path) {
    if (path.isEmpty()) {
      return path;
    }
    boolean absolute = path.startsWith("/");
    String[] segments = (absolute ? path.substring(1) : path).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      String lower = UrlParts.lowerAscii(segment);
      if (lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.")
          || lower.equals("%2e%2e")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else if (lower.equals(".") || lower.equals("%2e")) {
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    return (absolute ? "/" : "") + String.join("/", out);
  }
}
