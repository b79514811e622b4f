package dev.sluice.client;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A scripted loopback server, a fake scheduler and clock, and a recording listener for each test.
 * Sources built with {@link #builder} have no jitter and no read timeout, so every delay is exact.
 */
abstract class LoopbackTestBase {
  static final Duration BASE_DELAY = Duration.ofSeconds(1);

  ScriptedServer server;
  FakeScheduler scheduler;
  RecordingListener listener;
  EventSource source;

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedServer();
    scheduler = new FakeScheduler();
    listener = new RecordingListener();
  }

  @AfterEach
  void stopServer() throws Exception {
    try {
      listener.assertExhausted();
      server.assertNoMoreRequests();
    } finally {
      if (source != null) source.close();
      server.close();
    }
  }

  EventSource.Builder builder(String path) {
    return EventSource.builder(server.uri(path))
        .retryDelayStrategy(RetryDelayStrategy.defaultStrategy().baseDelay(BASE_DELAY).jitterMultiplier(0))
        .readTimeout(Duration.ZERO)
        .scheduler(scheduler)
        .clock(scheduler.clock)
        .listener(listener);
  }

  EventSource start(EventSource.Builder builder) {
    source = builder.build().start();
    return source;
  }
}
