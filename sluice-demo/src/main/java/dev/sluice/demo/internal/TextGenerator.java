package dev.sluice.demo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for a language model: answers a prompt with a short paragraph about SSE, the same
 * paragraph for the same prompt, cut into word-sized tokens the way a model streams them. Stateless.
 */
final class TextGenerator {
  /** The longest piece of the prompt quoted back. */
  static final int MAX_QUOTE = 80;
  static final int SENTENCES_PER_REPLY = 3;
  private static final Pattern TOKEN_BOUNDARY = Pattern.compile("(?<=\\S)(?=\\s)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final List<String> SENTENCES = List.of(
      "Server-Sent Events keep one HTTP response open and push text down it as things happen.",
      "Each event is a few lines of text, ended by a blank line.",
      "The browser's EventSource reconnects by itself and sends the last id it saw.",
      "A retry field tells the client how long to wait before it comes back.",
      "Comment lines, which start with a colon, keep proxies from closing quiet connections.",
      "This reply is streamed one token at a time, just like a language model's.",
      "Sluice encodes an event once and writes the same bytes to every subscriber.",
      "Over HTTP/2 a browser can keep many event streams open to one origin.",
      "Nothing here is a real model: the words come from a small built-in generator.",
      "Point an OpenAI client at this server and it reads these chunks as usual.");

  private TextGenerator() {}

  /** The reply to {@code prompt}: a quote of it, then a few sentences picked by its hash. */
  static String reply(String prompt) {
    String quote = WHITESPACE.matcher(prompt.strip()).replaceAll(" ");
    if (quote.codePointCount(0, quote.length()) > MAX_QUOTE) {
      quote = quote.substring(0, quote.offsetByCodePoints(0, MAX_QUOTE)) + "…";
    }
    StringBuilder reply = new StringBuilder("You said: \"").append(quote).append("\".");
    List<String> pool = new ArrayList<>(SENTENCES);
    Random random = new Random(prompt.hashCode()); // Same prompt, same answer.
    for (int i = 0; i < SENTENCES_PER_REPLY; i++) {
      reply.append(' ').append(pool.remove(random.nextInt(pool.size())));
    }
    return reply.toString();
  }

  /** {@code text} cut before each run of whitespace: {@code "You", " said:", " \"hi\"."}. */
  static List<String> tokens(String text) {
    return List.of(TOKEN_BOUNDARY.split(text));
  }

  /** A rough token count for usage figures: words, at least one for non-blank text. */
  static int countTokens(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
  }
}
