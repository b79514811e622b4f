package dev.sluice.cli.conformance;

/**
 * How the test server writes a stream's bytes, and so where chunk edges fall. Each write is
 * flushed on a socket with Nagle's algorithm off, so small writes leave as separate segments; a
 * reader may still receive several together, which a correct parser must not notice either.
 */
enum Delivery {
  /** One write; the body ends when the connection closes. */
  WHOLE(Integer.MAX_VALUE, false),
  /** One byte per write: every CR/LF pair and every UTF-8 sequence is split. */
  ONE_BYTE(1, false),
  /** {@code Transfer-Encoding: chunked} with 3-byte chunks: odd edges, and HTTP framing to strip. */
  CHUNKED_3(3, true);

  private final int chunkSize;
  private final boolean chunkedEncoding;

  Delivery(int chunkSize, boolean chunkedEncoding) {
    this.chunkSize = chunkSize;
    this.chunkedEncoding = chunkedEncoding;
  }

  /** Bytes per write; the parser is fed the same pieces. */
  int chunkSize() {
    return chunkSize;
  }

  boolean chunkedEncoding() {
    return chunkedEncoding;
  }
}
