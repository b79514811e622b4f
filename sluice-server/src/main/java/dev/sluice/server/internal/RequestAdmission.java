package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The first look at a decoded request: refuses what must not reach a handler (malformed input, a
 * server that is stopping) and copies the rest to the heap. Stateless.
 */
final class RequestAdmission {
  private RequestAdmission() {}

  /** What {@link #admit} decided. */
  sealed interface Result permits Admitted, Refused {}

  /**
   * A request to route. {@code origin} and {@code requestedMethod} are its CORS headers (null when
   * absent); {@code head} is true for {@code HEAD}.
   */
  record Admitted(NettyRequest request, String origin, String requestedMethod, boolean keepAlive, boolean head)
      implements Result {}

  /** A request answered with a short plain error, after which the connection closes. */
  record Refused(int status, String message, List<Map.Entry<String, String>> headers, boolean head)
      implements Result {}

  /** Decides about {@code message}; the caller still owns (and releases) it. */
  static Result admit(ServerState server, FullHttpRequest message, Channel channel, boolean http2) {
    boolean head = message.method().name().equals("HEAD");
    DecoderResult result = message.decoderResult();
    if (!result.isSuccess()) {
      Refused framing = http2 ? null : framingFailure(message, result.cause(), head);
      return framing != null ? framing : malformed(result.cause(), head);
    }
    if (!http2) {
      Refused refused = framingRefusal(message, head);
      if (refused != null) return refused;
    }
    if (server.stopping) {
      return new Refused(503, "Service Unavailable: try again later",
          List.of(Map.entry("retry-after", ServerState.RETRY_AFTER_SECONDS)), head);
    }
    try {
      NettyRequest request = NettyRequest.copyOf(message, http2 ? "HTTP/2" : message.protocolVersion().text(),
          remoteAddress(channel));
      return new Admitted(request, message.headers().get(HttpHeaderNames.ORIGIN),
          message.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD),
          !http2 && HttpUtil.isKeepAlive(message), head);
    } catch (IllegalArgumentException e) {
      return new Refused(400, "Bad Request: " + e.getMessage(), List.of(), head);
    }
  }

  /**
   * Refuses an HTTP/1.x request whose framing cannot be trusted (RFC 9112 §6.1, §2.3): both
   * {@code Content-Length} and {@code Transfer-Encoding} (400), a transfer coding other than
   * {@code chunked} (501), or a version other than 1.x, such as {@code HTTP/0.9} or {@code
   * HTTP/2.0} without the preface (505). Null if the request is fine. The connection closes after
   * each: where the body ends, and so where the next request begins, is unknown.
   */
  private static Refused framingRefusal(FullHttpRequest message, boolean head) {
    if (message.protocolVersion().majorVersion() != 1) {
      return new Refused(505, "HTTP Version Not Supported", List.of(), head);
    }
    if (FramingHeaders.contentLengthDropped(message.headers())) return bothLengths(head);
    return unsupportedCoding(message, head);
  }

  /**
   * The same refusals for a request Netty's decoder already failed: since Netty 4.2.18 it rejects
   * {@code Content-Length} beside {@code Transfer-Encoding}, and a final coding other than {@code
   * chunked}, itself, keeping the headers. Null if the failure is about something else.
   */
  private static Refused framingFailure(FullHttpRequest message, Throwable cause, boolean head) {
    if (cause instanceof ContentLengthNotAllowedException) return bothLengths(head);
    return unsupportedCoding(message, head);
  }

  private static Refused bothLengths(boolean head) {
    return new Refused(400, "Bad Request: both Content-Length and Transfer-Encoding", List.of(), head);
  }

  /** 501 for a transfer coding other than {@code chunked}; null if there is none. */
  private static Refused unsupportedCoding(FullHttpRequest message, boolean head) {
    // The aggregator removes a plain "chunked"; anything else left is a coding we cannot decode.
    for (String value : message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
      for (String coding : value.split(",")) {
        String name = coding.trim();
        if (!name.isEmpty() && !name.equalsIgnoreCase("chunked")) {
          return new Refused(501, "Not Implemented: transfer coding " + abbreviate(name), List.of(), head);
        }
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "...";
  }

  private static Refused malformed(Throwable cause, boolean head) {
    if (cause instanceof TooLongHttpHeaderException) {
      return new Refused(431, "Request Header Fields Too Large", List.of(), head);
    } else if (cause instanceof TooLongHttpLineException) {
      return new Refused(414, "URI Too Long", List.of(), head);
    } else if (cause instanceof TooLongFrameException) {
      return new Refused(431, "Request Header Fields Too Large", List.of(), head);
    }
    return new Refused(400, "Bad Request: malformed HTTP", List.of(), false);
  }

  private static InetSocketAddress remoteAddress(Channel channel) {
    Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
    return (InetSocketAddress) connection.remoteAddress();
  }
}
