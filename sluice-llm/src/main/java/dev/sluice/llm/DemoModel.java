package dev.sluice.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in model: answers any {@code model} name with a deterministic text of a few hundred
 * tokens, one token every {@link #tokenInterval()}, so that dropping and resuming a stream can be
 * seen and tested without an API key. The same input always gives the same answer.
 *
 * <pre>{@code
 * ModelUpstream model = DemoModel.builder().tokens(300).tokenInterval(Duration.ofMillis(40)).build();
 * }</pre>
 */
public final class DemoModel implements ModelUpstream {
  /** Answer length unless set: enough to take several seconds at the default pace. */
  public static final int DEFAULT_TOKENS = 300;
  /** 25 tokens a second, about the pace of a hosted model. */
  public static final Duration DEFAULT_TOKEN_INTERVAL = Duration.ofMillis(40);

  private static final String[] WORDS = ("Sluice keeps every token of this answer in its log before "
      + "sending it, so a dropped connection loses nothing: the client asks again with the last "
      + "sequence number it saw and the relay replays exactly what came after, from any node that "
      + "shares the log, while the generation goes on without waiting for anyone. Server-Sent "
      + "Events were made for this, with event ids and Last-Event-ID, and the Responses API "
      + "carries the same idea as sequence_number and starting_after.").split(" ");

  private final int tokens;
  private final Duration tokenInterval;
  private final ScheduledExecutorService scheduler;

  private DemoModel(Builder builder) {
    this.tokens = builder.tokens;
    this.tokenInterval = builder.tokenInterval;
    this.scheduler = builder.scheduler != null ? builder.scheduler : SharedTimer.INSTANCE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static DemoModel create() {
    return builder().build();
  }

  public int tokens() {
    return tokens;
  }

  public Duration tokenInterval() {
    return tokenInterval;
  }

  /** The answer the model gives to {@code input}, token by token. */
  public List<String> answer(String input, int maxTokens) {
    int count = maxTokens > 0 ? Math.min(maxTokens, tokens) : tokens;
    int offset = Math.floorMod(input.hashCode(), WORDS.length);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String word = WORDS[(offset + i) % WORDS.length];
      out.add(i == 0 ? word : " " + word);
    }
    return out;
  }

  @Override
  public Running start(Prompt prompt, TokenSink sink) {
    List<String> answer = answer(prompt.input(), prompt.maxOutputTokens());
    long inputTokens = Math.max(1, prompt.input().split("\\s+").length);
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    int[] next = {0}; // Timer thread only: a fixed-rate task never overlaps itself.
    Runnable tick = () -> {
      if (stopped.get()) return;
      if (next[0] < answer.size()) {
        sink.delta(answer.get(next[0]++));
      } else if (stopped.compareAndSet(false, true)) {
        sink.complete(inputTokens, answer.size());
        cancel(task.get());
      }
    };
    long period = Math.max(1, tokenInterval.toNanos());
    task.set(scheduler.scheduleAtFixedRate(tick, period, period, TimeUnit.NANOSECONDS));
    if (stopped.get()) cancel(task.get()); // Finished before the handle was stored.
    return () -> {
      stopped.set(true);
      cancel(task.get());
    };
  }

  private static void cancel(ScheduledFuture<?> task) {
    if (task != null) task.cancel(false);
  }

  /** Configures a {@link DemoModel}. Not thread-safe. */
  public static final class Builder {
    private int tokens = DEFAULT_TOKENS;
    private Duration tokenInterval = DEFAULT_TOKEN_INTERVAL;
    private ScheduledExecutorService scheduler;

    private Builder() {}

    public Builder tokens(int tokens) {
      if (tokens < 1) throw new IllegalArgumentException("tokens < 1: " + tokens);
      this.tokens = tokens;
      return this;
    }

    /** The pace; {@link Duration#ZERO} streams as fast as the timer allows. */
    public Builder tokenInterval(Duration tokenInterval) {
      if (tokenInterval.isNegative()) throw new IllegalArgumentException("tokenInterval < 0: " + tokenInterval);
      this.tokenInterval = tokenInterval;
      return this;
    }

    /** The timer tokens are paced by; default one shared daemon thread. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public DemoModel build() {
      return new DemoModel(this);
    }
  }

  /** One daemon timer for every demo generation: ticks are tiny, so one thread paces thousands. */
  private static final class SharedTimer {
    static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-llm-demo-model");
      t.setDaemon(true);
      return t;
    });
  }
}
