package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseServerBuilderTest {
  @Test
  void nullArgumentsAreRefusedWithTheirName() {
    SseServer.Builder builder = SseServer.builder();
    assertThatThrownBy(() -> builder.heartbeat(null)).isInstanceOf(NullPointerException.class).hasMessage("interval");
    assertThatThrownBy(() -> builder.idleTimeout(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThatThrownBy(() -> builder.shutdownTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    assertThatThrownBy(() -> builder.shutdownRetry(null)).isInstanceOf(NullPointerException.class).hasMessage("retry");
    assertThatThrownBy(() -> builder.bindAddress(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("bindAddress");
    assertThatThrownBy(() -> builder.get(null, request -> Response.text("x"))).isInstanceOf(NullPointerException.class)
        .hasMessage("pathPattern");
    assertThatThrownBy(() -> builder.sse("/x", null)).isInstanceOf(NullPointerException.class).hasMessage("handler");
    assertThatThrownBy(() -> builder.staticResources("/", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("classpathRoot");
    assertThatThrownBy(() -> CorsConfig.builder().maxAge(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("maxAge");
  }

  @Test
  void listensOnLoopbackUnlessToldOtherwise() {
    assertThat(SseServer.DEFAULT_BIND_ADDRESS).isEqualTo("127.0.0.1");
    try (SseServer server = SseServer.builder().port(0).build()) {
      server.start();
      assertThat(server.localAddress().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void ioTransportNamesParseAsTheCommandLineWritesThem() {
    assertThat(IoTransport.parse("auto")).isEqualTo(IoTransport.AUTO);
    assertThat(IoTransport.parse("io_uring")).isEqualTo(IoTransport.IO_URING);
    assertThat(IoTransport.parse("IO-URING")).isEqualTo(IoTransport.IO_URING);
    assertThat(IoTransport.parse("iouring")).isEqualTo(IoTransport.IO_URING);
    assertThat(IoTransport.parse(" epoll ")).isEqualTo(IoTransport.EPOLL);
    assertThat(IoTransport.parse("nio")).isEqualTo(IoTransport.NIO);
    for (IoTransport t : IoTransport.values()) assertThat(IoTransport.parse(t.label())).isEqualTo(t);
    assertThatThrownBy(() -> IoTransport.parse("kqueue")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("I/O transport must be auto, io_uring, epoll or nio, not: kqueue");
    assertThatThrownBy(() -> SseServer.builder().ioTransport(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("transport");
  }

  @Test
  void nativeTransportOffMeansNio() {
    try (SseServer server = SseServer.builder().port(0).nativeTransport(false).build()) {
      assertThat(server.ioTransport()).isEqualTo(IoTransport.NIO);
      assertThat(server.isNativeTransport()).isFalse();
    }
  }

  @Test
  void corsNewBuilderCopiesEverySetting() {
    CorsConfig original = CorsConfig.builder().allowOrigin("https://a.example").allowCredentials(true)
        .allowMethod("PUT").allowHeader("X-A").exposeHeader("X-B").maxAge(Duration.ofMinutes(2)).build();
    CorsConfig copy = original.newBuilder().allowOrigin("https://b.example").build();
    assertThat(copy.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(copy.allowCredentials()).isTrue();
    assertThat(copy.allowedMethods()).containsExactly("PUT");
    assertThat(copy.allowedHeaders()).containsExactly("X-A");
    assertThat(copy.exposedHeaders()).containsExactly("X-B");
    assertThat(copy.maxAge()).isEqualTo(Duration.ofMinutes(2));
    assertThat(original.allowedOrigins()).containsExactly("https://a.example");
  }
}
