package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The event value: immutable, absent fields safe to read, copy-and-modify through a builder. */
class ServerSentEventTest {
  @Test
  void absentFieldsReadAsEmptyNotNull() {
    ServerSentEvent event = ServerSentEvent.builder().build();
    assertThat(event.id()).isEmpty();
    assertThat(event.event()).isEmpty();
    assertThat(event.type()).isEqualTo("message");
    assertThat(event.data()).isEmpty();
    assertThat(event.hasData()).isFalse();
    assertThat(event.retry()).isEmpty();
    assertThat(event.comment()).isEmpty();
  }

  @Test
  void emptyDataIsDataSoTheEventIsDispatched() {
    assertThat(ServerSentEvent.of("").hasData()).isTrue();
  }

  @Test
  void factoriesSetTheirFields() {
    assertThat(ServerSentEvent.of("tick", "1").type()).isEqualTo("tick");
    assertThat(ServerSentEvent.of("tick", "1").data()).isEqualTo("1");
    assertThat(ServerSentEvent.ofComment("hi").comment()).contains("hi");
    assertThat(ServerSentEvent.builder().retry(Duration.ofSeconds(2)).build().retry()).contains(Duration.ofMillis(2000));
  }

  @Test
  void newBuilderCopiesEveryFieldForModification() {
    ServerSentEvent original = ServerSentEvent.builder()
        .id("1").event("e").data("d").retryMillis(5).comment("c").build();
    assertThat(original.newBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
    ServerSentEvent changed = original.newBuilder().data("other").build();
    assertThat(changed.data()).isEqualTo("other");
    assertThat(original.data()).isEqualTo("d");
  }

  @Test
  void equalityIsByContent() {
    assertThat(ServerSentEvent.of("a")).isEqualTo(ServerSentEvent.of("a")).isNotEqualTo(ServerSentEvent.of("b"));
    assertThat(ServerSentEvent.of("")).isNotEqualTo(ServerSentEvent.builder().build());
    assertThat(ServerSentEvent.of("message", "a")).isNotEqualTo(ServerSentEvent.of("a"));
  }

  @Test
  void toStringShowsOnlyPresentFields() {
    assertThat(ServerSentEvent.builder().id("1").data("x").build()).hasToString("ServerSentEvent{id=1, data=x}");
    assertThat(ServerSentEvent.builder().build()).hasToString("ServerSentEvent{}");
  }

  @Test
  void nullsAndNegativeRetryAreRejectedNamingTheArgument() {
    assertThatThrownBy(() -> ServerSentEvent.of(null)).hasMessage("data");
    assertThatThrownBy(() -> ServerSentEvent.builder().id(null)).hasMessage("id");
    assertThatThrownBy(() -> ServerSentEvent.builder().retryMillis(-1)).hasMessage("retry < 0: -1");
    assertThatThrownBy(() -> ServerSentEvent.builder().retry(Duration.ofMillis(-5))).hasMessage("retry < 0: -5");
  }

  @Test
  void longRejectedValuesAreShortenedInTheMessage() {
    String longId = "x".repeat(100) + "\n";
    assertThatThrownBy(() -> ServerSentEvent.builder().id(longId))
        .hasMessage("id must not contain CR or LF: \"" + "x".repeat(64) + "...\"");
  }
}
