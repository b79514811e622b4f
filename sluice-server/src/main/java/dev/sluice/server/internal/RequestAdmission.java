package dev.sluice.server.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
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
    if (!result.isSuccess()) return malformed(result.cause(), head);
    if (isRejected(channel)) server.counters.rejectedConnections.increment();
    if (isRejected(channel) || server.stopping) {
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

  private static boolean isRejected(Channel channel) {
    Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
    return connection.hasAttr(ServerState.REJECTED);
  }

  private static InetSocketAddress remoteAddress(Channel channel) {
    Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel;
    return (InetSocketAddress) connection.remoteAddress();
  }
}
