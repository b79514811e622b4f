package dev.sluice.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void makesUrnUuidVersion7WithTheRfcVariant() {
    String id = EventIds.uuidV7();
    assertThat(id).startsWith("urn:uuid:");
    UUID uuid = UUID.fromString(id.substring("urn:uuid:".length()));
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    long millis = uuid.getMostSignificantBits() >>> 16;
    assertThat(Math.abs(millis - System.currentTimeMillis())).isLessThan(60_000);
  }

  @Test
  void neverRepeats() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(EventIds.uuidV7());
    }
    assertThat(ids).hasSize(10_000);
  }
}
