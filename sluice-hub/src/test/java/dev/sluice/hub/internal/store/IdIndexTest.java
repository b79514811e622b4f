package dev.sluice.hub.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdIndexTest {
  private final IdIndex index = new IdIndex();

  @Test
  void stagedChangesAreInvisibleUntilCommitted() {
    index.stageAdd("a", 1);
    assertThat(index.position("a")).isEmpty();

    index.commitStaged();
    assertThat(index.position("a")).contains(1L);
  }

  @Test
  void discardedChangesLeaveNoTrace() {
    index.stageAdd("a", 1);
    index.commitStaged();
    index.stageAdd("b", 2);
    index.stageRemove("a", 1);

    index.discardStaged();
    index.commitStaged();

    assertThat(index.position("a")).contains(1L);
    assertThat(index.position("b")).isEmpty();
  }

  @Test
  void anIdKeepsItsEarliestPosition() {
    index.stageAdd("a", 1);
    index.stageAdd("a", 3);
    index.commitStaged();

    assertThat(index.position("a")).contains(1L);
  }

  @Test
  void removingAPositionTheIdNoLongerPointsAtKeepsTheEntry() {
    index.stageAdd("a", 1);
    index.commitStaged();
    index.stageRemove("a", 3);
    index.commitStaged();

    assertThat(index.position("a")).contains(1L);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void loadingKeepsTheEarliestPositionOfAnId() {
    index.load("a", 3);
    index.load("a", 1);
    index.load("a", 2);

    assertThat(index.position("a")).contains(1L);
  }
}
