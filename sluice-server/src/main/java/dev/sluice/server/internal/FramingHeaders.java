package dev.sluice.server.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Request headers that remember whether the decoder dropped a {@code Content-Length} because the
 * request also had {@code Transfer-Encoding: chunked}.
 *
 * <p>Why: RFC 9112 §6.1 says such a request may be a smuggling attempt and the connection must
 * close after it; Netty's decoder reads it as chunked and removes the {@code Content-Length}
 * ({@code HttpObjectDecoder.handleTransferEncodingChunkedWithContentLength}), so afterwards nobody
 * can tell. That hook is protected, but {@code HttpServerCodec} is final and makes its own decoder,
 * and {@link io.netty.handler.codec.http.HttpDecoderConfig} has no option for it; the headers
 * factory it does take is the one seam. Validation is Netty's default.
 */
final class FramingHeaders extends DefaultHttpHeaders {
  /** Makes request headers like Netty's default factory, but of this class. */
  static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
    @Override
    public HttpHeaders newHeaders() {
      return new FramingHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return DEFAULT.newEmptyHeaders();
    }
  };

  private static final DefaultHttpHeadersFactory DEFAULT = DefaultHttpHeadersFactory.headersFactory();

  private boolean contentLengthDropped; // Event-loop only, like the message that holds it.

  private FramingHeaders() {
    super(DEFAULT.getNameValidator(), DEFAULT.getValueValidator());
  }

  /** Whether the request had both {@code Content-Length} and a chunked {@code Transfer-Encoding}. */
  static boolean contentLengthDropped(HttpHeaders headers) {
    return headers instanceof FramingHeaders framing && framing.contentLengthDropped;
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && contains(HttpHeaderNames.CONTENT_LENGTH)
        && contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      contentLengthDropped = true;
    }
    return super.remove(name);
  }
}
