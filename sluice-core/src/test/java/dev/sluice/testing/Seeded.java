package dev.sluice.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a randomized check with a fresh seed each run, and names the seed when it fails so the
 * failure can be replayed with {@code -Dsluice.test.seed=<seed>}.
 */
public final class Seeded {
  private Seeded() {}

  public static void check(Consumer<Random> body) {
    long seed = Long.getLong("sluice.test.seed", new Random().nextLong());
    try {
      body.accept(new Random(seed));
    } catch (AssertionError | RuntimeException failure) {
      throw new AssertionError("failed with seed " + seed + " (replay: -Dsluice.test.seed=" + seed + ")", failure);
    }
  }

  /** Feeds {@code stream} to {@code parser} in chunks of random sizes, empty ones included. */
  public static void feedInRandomChunks(Random random, byte[] stream, dev.sluice.EventParser parser) {
    int offset = 0;
    while (offset < stream.length) {
      int size = Math.min(stream.length - offset, random.nextInt(random.nextBoolean() ? 4 : 300));
      parser.feed(stream, offset, size);
      offset += size;
    }
  }
}
