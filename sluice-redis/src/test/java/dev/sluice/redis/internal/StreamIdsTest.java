package dev.sluice.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamIdsTest {
  @Test
  void positionPacksMillisecondsAboveTwentyBitsOfSequence() {
    assertThat(StreamIds.toPosition("1700000000000-5")).isEqualTo(1700000000000L << 20 | 5);
    assertThat(StreamIds.toId(1700000000000L << 20 | 5)).isEqualTo("1700000000000-5");
  }

  @Test
  void positionsOrderLikeStreamIds() {
    Random random = new Random(42);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add((1_600_000_000_000L + random.nextInt(1000)) + "-" + random.nextInt((int) StreamIds.SEQ_LIMIT));
    }
    List<String> byStreamOrder = new ArrayList<>(ids);
    byStreamOrder.sort(StreamIds::compare);
    List<String> byPosition = new ArrayList<>(ids);
    byPosition.sort(Comparator.comparingLong(StreamIds::toPosition));

    assertThat(byPosition).containsExactlyElementsOf(byStreamOrder);
  }

  @Test
  void roundTripsAtTheEdgesOfTheRange() {
    for (String id : List.of("0-1", "1-0", "1700000000000-1048575", ((1L << 43) - 1) + "-1048575")) {
      assertThat(StreamIds.toId(StreamIds.toPosition(id))).isEqualTo(id);
    }
  }

  @Test
  void originAndNegativePositionsMeanBeforeAnyEntry() {
    assertThat(StreamIds.toId(0)).isEqualTo("0-0");
    assertThat(StreamIds.toId(Long.MIN_VALUE)).isEqualTo("0-0");
  }

  @Test
  void rejectsIdsOutsideThePositionRangeOrMalformed() {
    assertThatThrownBy(() -> StreamIds.toPosition("5-1048576"))
        .hasMessage("stream id out of the position range: 5-1048576");
    assertThatThrownBy(() -> StreamIds.toPosition((1L << 43) + "-0"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamIds.toPosition("12")).hasMessage("not a stream id: 12");
    assertThatThrownBy(() -> StreamIds.toPosition("-3")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesBySequenceWithinAMillisecond() {
    assertThat(StreamIds.compare("10-2", "10-10")).isNegative();
    assertThat(StreamIds.compare("11-0", "10-10")).isPositive();
    assertThat(StreamIds.compare("10-3", "10-3")).isZero();
  }
}
