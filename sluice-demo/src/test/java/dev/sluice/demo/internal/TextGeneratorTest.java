package dev.sluice.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {
  @Test
  void answersTheSamePromptTheSameWay() {
    assertThat(TextGenerator.reply("What is SSE?")).isEqualTo(TextGenerator.reply("What is SSE?"));
    assertThat(TextGenerator.reply("What is SSE?")).startsWith("You said: \"What is SSE?\". ");
  }

  @Test
  void quotesALongPromptShortenedOnOneLine() {
    String reply = TextGenerator.reply("line one\n\n" + "x".repeat(200));
    assertThat(reply).startsWith("You said: \"line one " + "x".repeat(TextGenerator.MAX_QUOTE - 9) + "…\".");
  }

  @Test
  void tokensAreWordsWithTheirLeadingSpaceAndJoinBackToTheText() {
    assertThat(TextGenerator.tokens("You said: \"hi\".  Next")).containsExactly("You", " said:", " \"hi\".", "  Next");
    String reply = TextGenerator.reply("anything");
    List<String> tokens = TextGenerator.tokens(reply);
    assertThat(String.join("", tokens)).isEqualTo(reply);
    assertThat(tokens).hasSize(TextGenerator.countTokens(reply));
  }

  @Test
  void countsWordsAsTokens() {
    assertThat(TextGenerator.countTokens("")).isZero();
    assertThat(TextGenerator.countTokens("  two   words ")).isEqualTo(2);
  }
}
