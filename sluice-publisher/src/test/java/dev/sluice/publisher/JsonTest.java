package dev.sluice.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesQuotesBackslashesAndControls() {
    assertThat(Json.write("a\"b\\c\n\r\t\b\f\u0001\u001f")).isEqualTo(
        "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"");
  }

  @Test
  void escapesLineAndParagraphSeparators() {
    assertThat(Json.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
  }

  @Test
  void keepsNonAsciiAndSlashAsIs() {
    assertThat(Json.write("é/😀")).isEqualTo("\"é/😀\"");
  }

  @Test
  void writesMapsInOrderListsAndNumbers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1L);
    m.put("a", List.of("x", Map.of("k", "v")));
    m.put("b", true);
    assertThat(Json.write(m)).isEqualTo("{\"z\":1,\"a\":[\"x\",{\"k\":\"v\"}],\"b\":true}");
  }

  @Test
  void refusesWhatItCannotWrite() {
    assertThatThrownBy(() -> Json.write(1.5)).hasMessageContaining("java.lang.Double");
  }
}
