package dev.sluice.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ServerSentEvent;
import dev.sluice.hub.spi.Retention;
import dev.sluice.server.SseServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load harness for docs/llm.md (not a test): how many resumable streams one relay node sustains, the
 * latency a token gains by going through the log compared with plain pass-through, and how long a
 * resume from the start takes once the log holds every generation's events.
 *
 * <p>Each token's text is the {@code System.nanoTime()} it was generated at, so the client (same
 * JVM) measures generation-to-receipt latency. Run from the worktree root after {@code mvn -pl
 * sluice-llm -am test-compile}:
 * <pre>
 * mvn -B -ntp -q -pl sluice-llm exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.sluice.llm.LlmLoad -Dexec.args="200 100 20"
 * </pre>
 * Arguments: generations, tokens each, milliseconds between tokens.
 */
public final class LlmLoad {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    int generations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Duration interval = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 20);
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    ModelUpstream model = new Stamped(tokens, interval, pace);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    System.out.printf("%d generations x %d tokens, one every %d ms (%d tokens/s in all)%n", generations, tokens,
        interval.toMillis(), generations * 1000L / Math.max(1, interval.toMillis()));

    SseServer passThrough = SseServer.builder().bindAddress("127.0.0.1").port(0)
        .sse("/pass", (request, stream) -> {
          ModelUpstream.Running running = model.start(new ModelUpstream.Prompt("m", null, "x", 0),
              new ModelUpstream.TokenSink() {
                @Override
                public void delta(String text) {
                  stream.send(ServerSentEvent.of("d", text));
                }

                @Override
                public void complete(long in, long out) {
                  stream.send(ServerSentEvent.of("end", "[DONE]"));
                  stream.close();
                }

                @Override
                public void fail(String message) {
                  stream.close();
                }
              });
          stream.onClose(running::stop);
        }).build();
    passThrough.start();
    try (LocalRedis redis = LocalRedis.start();
        RelayNode node = new RelayNode(redis.uri(), "load", model,
            LlmLimits.DEFAULT.withMaxConcurrentGenerations(Math.max(generations, 1)), LlmAuthorizer.open(),
            new Retention(5_000_000, Duration.ofHours(1)))) {
      Run pass = run(http, generations, i -> HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + passThrough.port() + "/pass")).build());
      pass.print("pass-through");

      String body = "{\"model\":\"m\",\"input\":\"load\",\"stream\":true,\"background\":true}";
      Run relay = run(http, generations, i -> HttpRequest.newBuilder(URI.create(node.baseUrl() + "/responses"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
      relay.print("relay (Redis log)");

      // Resume from the first event of a few finished responses: a full replay out of a log that
      // holds every generation's events interleaved.
      List<Long> catchUps = new ArrayList<>();
      for (String id : relay.ids.stream().limit(20).toList()) {
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(
            URI.create(node.baseUrl() + "/responses/" + id + "?stream=true&starting_after=0")).build(),
            HttpResponse.BodyHandlers.ofLines());
        long completed = r.body().filter(l -> l.equals("event: response.completed")).count();
        catchUps.add(System.nanoTime() - start);
        if (completed != 1) System.out.println("resume of " + id + " did not end with response.completed");
      }
      long[] c = catchUps.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("resume from sequence 0 of a finished response (log of %d records): p50 %.1f ms, max %.1f ms%n",
          node.log.size(), c[c.length / 2] / 1e6, c[c.length - 1] / 1e6);
    } finally {
      passThrough.stop(Duration.ofSeconds(2));
      pace.shutdownNow();
    }
  }

  interface RequestFactory {
    HttpRequest create(int i);
  }

  /** Opens {@code n} streams at once and reads them to the end, recording each token's latency. */
  private static Run run(HttpClient http, int n, RequestFactory requests) throws Exception {
    Run run = new Run();
    List<CompletableFuture<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> finished = new CompletableFuture<>();
      http.sendAsync(requests.create(i), HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(run, finished)))
          .whenComplete((r, e) -> {
            if (e != null) finished.completeExceptionally(e);
          });
      done.add(finished);
    }
    for (CompletableFuture<?> f : done) {
      try {
        f.get(10, TimeUnit.MINUTES);
        run.completed++;
      } catch (Exception e) {
        run.failed++;
      }
    }
    run.seconds = (System.nanoTime() - start) / 1e9;
    return run;
  }

  private static final class Run {
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    int completed;
    int failed;
    double seconds;

    void print(String name) {
      long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(l);
      if (l.length == 0) {
        System.out.println(name + ": no tokens");
        return;
      }
      System.out.printf("%-18s streams ok %d, failed %d, tokens %d in %.1f s; token latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          name, completed, failed, l.length, seconds, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
          l[l.length - 1] / 1e6);
    }
  }

  /** Reads one stream's lines: pass-through data is the stamp; relay data is a Responses event. */
  private static final class Lines implements Flow.Subscriber<String> {
    private final Run run;
    private final CompletableFuture<Void> finished;
    private String event = "";

    Lines(Run run, CompletableFuture<Void> finished) {
      this.run = run;
      this.finished = finished;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      long now = System.nanoTime();
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        String data = line.substring(5).strip();
        if (event.equals("d")) {
          run.latencies.add(now - Long.parseLong(data.strip()));
        } else if (event.equals("response.output_text.delta")) {
          try {
            // Deltas stored while the log was busy are merged: one stamp per token.
            for (String stamp : JSON.readTree(data).path("delta").asText().strip().split(" ")) {
              run.latencies.add(now - Long.parseLong(stamp));
            }
          } catch (Exception e) {
            finished.completeExceptionally(e);
          }
        } else if (event.equals("response.created")) {
          try {
            JsonNode created = JSON.readTree(data);
            run.ids.add(created.path("response").path("id").asText());
          } catch (Exception e) {
            finished.completeExceptionally(e);
          }
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      finished.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      finished.complete(null);
    }
  }

  /** Emits {@code " " + System.nanoTime()} as each token, paced like the demo model. */
  private static final class Stamped implements ModelUpstream {
    private final int tokens;
    private final Duration interval;
    private final ScheduledExecutorService pace;

    Stamped(int tokens, Duration interval, ScheduledExecutorService pace) {
      this.tokens = tokens;
      this.interval = interval;
      this.pace = pace;
    }

    @Override
    public Running start(Prompt prompt, TokenSink sink) {
      AtomicBoolean stopped = new AtomicBoolean();
      int[] sent = {0};
      AtomicReference<java.util.concurrent.ScheduledFuture<?>> task = new AtomicReference<>();
      task.set(pace.scheduleAtFixedRate(() -> {
        if (stopped.get()) return;
        if (sent[0]++ < tokens) {
          sink.delta(" " + System.nanoTime());
        } else if (stopped.compareAndSet(false, true)) {
          sink.complete(1, tokens);
          if (task.get() != null) task.get().cancel(false);
        }
      }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS));
      return () -> {
        stopped.set(true);
        task.get().cancel(false);
      };
    }
  }
}
