package dev.sluice.llm;

import java.util.Objects;

/**
 * Where generated text comes from: the built-in {@link DemoModel} or an OpenAI-compatible Chat
 * Completions endpoint ({@link ChatCompletionsUpstream}). The relay turns the text deltas into
 * Responses API events and stores them.
 *
 * <p>Implementations are thread-safe; one instance serves every generation.
 */
public interface ModelUpstream {

  /**
   * Starts generating. Calls {@code sink} serially (never two calls at once) from any thread, ending
   * with exactly one {@link TokenSink#complete} or {@link TokenSink#fail}, unless stopped first.
   *
   * @return a handle that stops the generation; after it returns, the sink may still get at most
   *     the call already in progress
   */
  Running start(Prompt prompt, TokenSink sink);

  /** What to generate. {@code maxOutputTokens} is 0 when the request set none. */
  record Prompt(String model, String instructions, String input, int maxOutputTokens) {
    public Prompt {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(input, "input");
    }
  }

  /** Receives one generation's text. */
  interface TokenSink {
    void delta(String text);

    /** The generation finished normally; token counts as the upstream reported (or estimated). */
    void complete(long inputTokens, long outputTokens);

    /** The generation failed; {@code message} is short, safe to show a client, and has no secrets. */
    void fail(String message);
  }

  /** A generation in progress. */
  @FunctionalInterface
  interface Running {
    /** Stops generating and releases what the generation holds. Idempotent. */
    void stop();
  }
}
