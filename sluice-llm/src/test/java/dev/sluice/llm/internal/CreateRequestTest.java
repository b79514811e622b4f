package dev.sluice.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.HttpStatusException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CreateRequestTest {
  private static CreateRequest parse(String json) {
    return CreateRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stringInputWithFlags() {
    CreateRequest r = parse("{\"model\":\"m\",\"input\":\"hi\",\"stream\":true,\"background\":true,\"max_output_tokens\":5}");
    assertThat(r.prompt().input()).isEqualTo("hi");
    assertThat(r.prompt().maxOutputTokens()).isEqualTo(5);
    assertThat(r.stream()).isTrue();
    assertThat(r.background()).isTrue();
  }

  @Test
  void messageInputJoinsTextParts() {
    CreateRequest r = parse("{\"model\":\"m\",\"instructions\":\"terse\",\"input\":[{\"role\":\"user\",\"content\":\"a\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"b\"}]}]}");
    assertThat(r.prompt().input()).isEqualTo("a\nb");
    assertThat(r.prompt().instructions()).isEqualTo("terse");
    assertThat(r.stream()).isFalse();
  }

  @Test
  void unusableBodiesAre400WithTheReason() {
    assertStatus("{", 400, "request body is not JSON");
    assertStatus("[1]", 400, "request body is not a JSON object");
    assertStatus("{\"input\":\"x\"}", 400, "model is required (a string)");
    assertStatus("{\"model\":\"m\"}", 400, "input is required (a string or messages with text)");
    assertStatus("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":0}", 400, "max_output_tokens must be a positive integer");
  }

  private static void assertStatus(String body, int status, String message) {
    assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(HttpStatusException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }
}
