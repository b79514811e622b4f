package dev.sluice.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateTest {
  @Test
  void keepsTopicsInOrderCanonicalFirst() {
    Update update = Update.builder().topic("https://a/1").topic("https://b/1").topic("https://c/1").build();
    assertThat(update.topic()).isEqualTo("https://a/1");
    assertThat(update.topics()).containsExactly("https://a/1", "https://b/1", "https://c/1");
  }

  @Test
  void optionalFieldsAreEmptyUnlessSet() {
    Update update = Update.builder().topic("t").build();
    assertThat(update.data()).isEmpty();
    assertThat(update.id()).isEmpty();
    assertThat(update.type()).isEmpty();
    assertThat(update.retry()).isEmpty();
    assertThat(update.isPrivate()).isFalse();
  }

  @Test
  void newBuilderCopiesEveryField() {
    Update original = Update.builder().topic("t").topic("u").data("d").privateUpdate(true)
        .id("urn:x:1").type("book").retry(Duration.ofSeconds(3)).build();
    Update copy = original.newBuilder().topic("v").build();
    assertThat(copy.topics()).containsExactly("t", "u", "v");
    assertThat(copy.data()).contains("d");
    assertThat(copy.isPrivate()).isTrue();
    assertThat(copy.id()).contains("urn:x:1");
    assertThat(copy.type()).contains("book");
    assertThat(copy.retry()).contains(Duration.ofSeconds(3));
    assertThat(original.topics()).containsExactly("t", "u");
  }

  @Test
  void needsATopic() {
    assertThatThrownBy(() -> Update.builder().data("x").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("topic");
  }

  @Test
  void rejectsWhatTheHubWouldRefuseNamingTheField() {
    assertThatThrownBy(() -> Update.builder().topic("*")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Update.builder().topic("a\nb")).hasMessageContaining("topic")
        .hasMessageContaining("U+000A");
    assertThatThrownBy(() -> Update.builder().id("#1")).hasMessageContaining("'#'");
    assertThatThrownBy(() -> Update.builder().id("earliest")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Update.builder().id("a\u200Bb")).hasMessageContaining("id")
        .hasMessageContaining("U+200B");
    assertThatThrownBy(() -> Update.builder().type("mercure")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Update.builder().type("a\u0085")).hasMessageContaining("U+0085");
    assertThatThrownBy(() -> Update.builder().retry(Duration.ofMillis(-1))).hasMessageContaining("retry < 0");
  }

  @Test
  void toStringLeavesDataOut() {
    Update update = Update.builder().topic("t").data("secret").build();
    assertThat(update.toString()).contains("t").doesNotContain("secret");
  }

  @Test
  void ofIsTopicAndData() {
    Update update = Update.of("t", "d");
    assertThat(update.topics()).isEqualTo(List.of("t"));
    assertThat(update.data()).contains("d");
  }
}
