package dev.sluice.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in this build) reports a leaked buffer:
 * {@code @ExtendWith(LeakCheck.class)} on any test that allocates buffers, in any module.
 *
 * <p>Netty logs leaks through {@code java.util.logging} here (no SLF4J on the classpath) under the
 * detector's class name; a handler on that logger records them. A leak is only noticed after the
 * buffer is garbage collected and another buffer is allocated, so each check collects garbage and
 * allocates a few buffers first.
 */
public final class LeakCheck implements AfterEachCallback, AfterAllCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final Logger DETECTOR_LOGGER = Logger.getLogger("io.netty.util.ResourceLeakDetector");

  static {
    DETECTOR_LOGGER.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getLevel().intValue() >= Level.SEVERE.intValue() && message != null && message.contains("LEAK")) {
          LEAKS.add(message);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  /** For JUnit's {@code @ExtendWith}. */
  public LeakCheck() {}

  @Override
  public void afterEach(ExtensionContext context) {
    assertNoLeaks();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    assertNoLeaks();
  }

  /** Fails if the detector has reported a leak so far, after giving it a chance to notice one. */
  public static void assertNoLeaks() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 8; i++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
      }
    }
    assertThat(LEAKS).as("buffers leaked (Netty leak detector)").isEmpty();
  }
}
