package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SseServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void servesTheDemoUntilStopped() throws Exception {
    DemoCommand command = new DemoCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> commandLine(command).execute("demo", "--port", "0", "--bind", "127.0.0.1"));
    SseServer server = command.started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + server.port();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/demo/")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "/api/send-message"))
        .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    command.stop.countDown();

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Sluice demo");
    assertThat(sent.body()).isEqualTo("{\"status\":\"success\",\"message\":\"Message received\",\"id\":1,\"recipients\":0}");
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).isEqualTo("Sluice demo on http://localhost:" + server.port() + "/demo/ (Ctrl+C stops)\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void listensOnLoopbackUnlessBindSaysOtherwise() throws Exception {
    DemoCommand command = new DemoCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> commandLine(command).execute("demo", "--port", "0"));
    SseServer server = command.started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    command.stop.countDown();
    assertThat(server.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aTakenPortFailsWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = commandLine(new DemoCommand()).execute("demo", "--port", Integer.toString(taken.getLocalPort()), "--bind", "127.0.0.1");
      assertThat(code).isEqualTo(1);
    }
    assertThat(err.toString()).startsWith("sluice demo: cannot listen on 127.0.0.1:").endsWith("\n");
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownBindHostIsSaidOnceAndNeverAsNull() {
    int code = commandLine(new DemoCommand()).execute("demo", "--port", "0", "--bind", "nonsense.invalid");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("sluice demo: cannot listen on nonsense.invalid:0: unknown host "
        + "nonsense.invalid (choose another --port, or a --bind address of this machine)\n");
  }

  @Test
  void aBadPortIsAUsageError() {
    assertThat(commandLine(new DemoCommand()).execute("demo", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("sluice demo: --port must be 0..65535: 70000 (see 'sluice demo --help')\n");
  }

  /** The real {@code sluice} command line, with {@code command} as its {@code demo} subcommand. */
  private CommandLine commandLine(DemoCommand command) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == DemoCommand.class ? type.cast(command) : CommandLine.defaultFactory().create(type);
      }
    };
    CommandLine line = new CommandLine(SluiceCommand.class, factory);
    line.setParameterExceptionHandler(SluiceCommand::usageError);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line;
  }
}
