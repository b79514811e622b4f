package dev.sluice.hub.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event id → log position for the updates a {@link MvStoreUpdateLog} retains, kept on the heap.
 *
 * <p>Why not an MVStore map: ids arrive in no useful order (every topic has its own), so a
 * persisted id map made each commit rewrite two scattered B-tree leaves per update, and left
 * chunks that stayed partly live for a long time; that was most of the store writer's CPU
 * (docs/benchmarks.md, "Publishing on many topics"). The updates themselves hold their ids, so
 * the index is rebuilt from them on start. Its size is bounded by the log's retention (about
 * 100 bytes per retained update).
 *
 * <p>Thread rules: changes are staged and applied by the writer thread only, after the batch they
 * belong to is committed, so a rolled-back batch leaves no trace; lookups come from any thread.
 */
final class IdIndex {
  private final ConcurrentHashMap<String, Long> positions = new ConcurrentHashMap<>();
  // Writer thread only: changes of the batch being written, applied by commitStaged().
  private final List<String> stagedIds = new ArrayList<>();
  private final List<Long> stagedPositions = new ArrayList<>();
  private final List<String> stagedRemovedIds = new ArrayList<>();
  private final List<Long> stagedRemovedPositions = new ArrayList<>();

  Optional<Long> position(String id) {
    return Optional.ofNullable(positions.get(id));
  }

  int size() {
    return positions.size();
  }

  /**
   * For rebuilding on start. Ids are unique in what this version writes; a file written before
   * that may hold an id twice, and then the earliest position wins (Mercure 1.0: a reused id
   * resolves to the earliest update bearing it).
   */
  void load(String id, long position) {
    positions.merge(id, position, Math::min);
  }

  void stageAdd(String id, long position) {
    stagedIds.add(id);
    stagedPositions.add(position);
  }

  /** Removes {@code id} only if it still points at {@code position}: a later update may reuse it. */
  void stageRemove(String id, long position) {
    stagedRemovedIds.add(id);
    stagedRemovedPositions.add(position);
  }

  void commitStaged() {
    for (int i = 0; i < stagedIds.size(); i++) {
      positions.putIfAbsent(stagedIds.get(i), stagedPositions.get(i)); // The earliest use wins.
    }
    for (int i = 0; i < stagedRemovedIds.size(); i++) {
      positions.remove(stagedRemovedIds.get(i), stagedRemovedPositions.get(i));
    }
    discardStaged();
  }

  void discardStaged() {
    stagedIds.clear();
    stagedPositions.clear();
    stagedRemovedIds.clear();
    stagedRemovedPositions.clear();
  }
}
