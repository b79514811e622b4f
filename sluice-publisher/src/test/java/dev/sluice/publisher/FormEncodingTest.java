package dev.sluice.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormEncodingTest {
  @Test
  void writesEveryFieldInProtocolOrder() {
    Update update = Update.builder().topic("https://example.com/books/1")
        .topic("https://example.com/users/42/books/1").data("{\"title\":\"Dune\"}")
        .privateUpdate(true).type("book").retry(Duration.ofSeconds(2)).build();
    assertThat(FormEncoding.encode(update, "urn:uuid:1")).isEqualTo(
        "topic=https%3A%2F%2Fexample.com%2Fbooks%2F1"
            + "&topic=https%3A%2F%2Fexample.com%2Fusers%2F42%2Fbooks%2F1"
            + "&data=%7B%22title%22%3A%22Dune%22%7D"
            + "&private=on&id=urn%3Auuid%3A1&type=book&retry=2000");
  }

  @Test
  void leavesOutWhatIsNotSet() {
    assertThat(FormEncoding.encode(Update.builder().topic("t").build(), "i")).isEqualTo("topic=t&id=i");
  }

  @Test
  void withoutAnIdSendsNoIdFieldSoTheHubMakesOne() {
    assertThat(FormEncoding.encode(Update.builder().topic("t").data("d").build(), null)).isEqualTo("topic=t&data=d");
  }

  @Test
  void hubAssignedIdsAreRefusedWithRetries() {
    java.net.URI hub = java.net.URI.create("http://127.0.0.1:1/.well-known/mercure");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HubPublisher.builder(hub).hubAssignsIds().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("RetryPolicy.none()");
    assertThat(HubPublisher.builder(hub).hubAssignsIds().retryPolicy(RetryPolicy.none()).build().hub()).isEqualTo(hub);
  }

  @Test
  void escapesSeparatorsSpacesAndNonAsciiSoTheyRoundTrip() {
    String data = "a&b=c+d e%f\r\nline 2 é 😀";
    String form = FormEncoding.encode(Update.builder().topic("t?x=1&y").data(data).build(), "i");
    assertThat(form).doesNotContain(" ").doesNotContain("\n");
    assertThat(decode(form)).containsExactly("topic", "t?x=1&y", "data", data, "id", "i");
  }

  private static List<String> decode(String form) {
    List<String> out = new ArrayList<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      out.add(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8));
      out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
