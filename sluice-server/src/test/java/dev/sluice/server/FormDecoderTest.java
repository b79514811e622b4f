package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {
  private static Map<String, List<String>> decode(String form) {
    return FormDecoder.decode(form.getBytes(StandardCharsets.ISO_8859_1), 100);
  }

  @Test
  void splitsOnAmpersandOnlyAsUrlSearchParamsDoes() {
    assertThat(decode("a=1;b=2&c=3")).containsExactly(
        Map.entry("a", List.of("1;b=2")), Map.entry("c", List.of("3")));
  }

  @Test
  void keepsOrderAndRepeatedNames() {
    assertThat(decode("topic=x&data=d&topic=y")).containsExactly(
        Map.entry("topic", List.of("x", "y")), Map.entry("data", List.of("d")));
  }

  @Test
  void plusIsSpaceAndEscapesAreBytes() {
    assertThat(decode("a+b=c+d%2Be&x=%C3%A9%e2%82%ac")).containsExactly(
        Map.entry("a b", List.of("c d+e")), Map.entry("x", List.of("é€")));
  }

  @Test
  void emptyFieldsAreSkippedAndABareNameHasAnEmptyValue() {
    assertThat(decode("&&private&=v&a==b&")).containsExactly(
        Map.entry("private", List.of("")), Map.entry("", List.of("v")), Map.entry("a", List.of("=b")));
    assertThat(decode("")).isEmpty();
  }

  @Test
  void anInvalidEscapeStaysLiteralAsTheWhatwgParserSays() {
    assertThat(decode("match=%zz&b=%&c=%4&d=%4g&e=100%")).containsExactly(
        Map.entry("match", List.of("%zz")), Map.entry("b", List.of("%")), Map.entry("c", List.of("%4")),
        Map.entry("d", List.of("%4g")), Map.entry("e", List.of("100%")));
  }

  @Test
  void rawUtf8BytesAreDecoded() {
    assertThat(FormDecoder.decode("t=é".getBytes(StandardCharsets.UTF_8), 10))
        .containsEntry("t", List.of("é"));
  }

  @Test
  void invalidUtf8IsRefusedNeverReplaced() {
    for (String bad : List.of("t=%FF", "t=%C3", "t=%C0%AF", "t=%ED%A0%80", "%FF=x", "t=a%E2%82")) {
      assertThatThrownBy(() -> decode(bad)).as(bad)
          .isInstanceOfSatisfying(HttpStatusException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("form field is not valid UTF-8");
          });
    }
    assertThatThrownBy(() -> FormDecoder.decode(new byte[] {'t', '=', (byte) 0xff}, 10))
        .isInstanceOf(HttpStatusException.class);
  }

  @Test
  void aQueryStringIsReadOneCharPerByte() {
    assertThat(FormDecoder.decode("t=\u00c3\u00a9", 10)).containsEntry("t", List.of("é"));
    assertThatThrownBy(() -> FormDecoder.decode("t=\u20ac", 10)).isInstanceOf(HttpStatusException.class);
  }

  @Test
  void tooManyFieldsIsRefusedWithTheLimitNamedNeverTruncated() {
    String form = "a=1&".repeat(100) + "private=on";
    assertThatThrownBy(() -> decode(form)).isInstanceOfSatisfying(HttpStatusException.class, e -> {
      assertThat(e.status()).isEqualTo(413);
      assertThat(e.getMessage()).isEqualTo("too many form fields (max 100)");
    });
    assertThat(decode("a=1&".repeat(99) + "private=on")).containsKey("private");
  }
}
