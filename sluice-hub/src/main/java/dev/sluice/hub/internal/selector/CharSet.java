package dev.sluice.hub.internal.selector;

/**
 * An immutable set of code points: a bitmap for ASCII and one yes/no for everything above it. That
 * is all the selector languages need: URI templates and URL patterns only name ASCII characters,
 * and a negated class (like {@code [^/]}) takes in every non-ASCII code point.
 */
final class CharSet {
  // Declared first: the other constants are built from these.
  static final CharSet ANY = new CharSet(-1L, -1L, true);
  static final CharSet NONE = new CharSet(0L, 0L, false);
  static final CharSet HEX_DIGITS = ranges("09AFaf");
  static final CharSet ALPHA = ranges("AZaz");
  static final CharSet DIGITS = ranges("09");
  /** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
  static final CharSet UNRESERVED = ranges("AZaz09").plus("-._~");
  /** RFC 3986 reserved: gen-delims and sub-delims. */
  static final CharSet RESERVED = of(":/?#[]@!$&'()*+,;=");

  private final long low; // code points 0-63
  private final long high; // code points 64-127
  private final boolean nonAscii;

  private CharSet(long low, long high, boolean nonAscii) {
    this.low = low;
    this.high = high;
    this.nonAscii = nonAscii;
  }

  /** The ASCII characters of {@code chars}. */
  static CharSet of(String chars) {
    return NONE.plus(chars);
  }

  /** Inclusive ASCII ranges given as pairs of characters: {@code "azAZ"}. */
  static CharSet ranges(String pairs) {
    CharSet set = NONE;
    for (int i = 0; i + 1 < pairs.length(); i += 2) {
      set = set.plusRange(pairs.charAt(i), pairs.charAt(i + 1));
    }
    return set;
  }

  boolean contains(int codePoint) {
    if (codePoint < 64) {
      return codePoint >= 0 && (low & (1L << codePoint)) != 0;
    }
    if (codePoint < 128) {
      return (high & (1L << (codePoint - 64))) != 0;
    }
    return nonAscii;
  }

  CharSet plus(String chars) {
    CharSet set = this;
    for (int i = 0; i < chars.length(); i++) {
      set = set.plusRange(chars.charAt(i), chars.charAt(i));
    }
    return set;
  }

  CharSet plusRange(int from, int to) {
    long l = low;
    long h = high;
    boolean n = nonAscii || to >= 128;
    for (int c = from; c <= Math.min(to, 127); c++) {
      if (c < 64) {
        l |= 1L << c;
      } else {
        h |= 1L << (c - 64);
      }
    }
    return new CharSet(l, h, n);
  }

  CharSet plusNonAscii() {
    return new CharSet(low, high, true);
  }

  CharSet union(CharSet other) {
    return new CharSet(low | other.low, high | other.high, nonAscii || other.nonAscii);
  }

  CharSet complement() {
    return new CharSet(~low, ~high, !nonAscii);
  }

  CharSet minus(CharSet other) {
    return new CharSet(low & ~other.low, high & ~other.high, nonAscii && !other.nonAscii);
  }
}
