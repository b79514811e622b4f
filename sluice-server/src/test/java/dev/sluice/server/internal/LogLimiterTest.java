package dev.sluice.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  @Test
  void letsABurstThroughPerWindowAndCountsWhatItLeftOut() {
    AtomicLong now = new AtomicLong();
    LogLimiter limiter = new LogLimiter(2, 1000, now::get);
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isEqualTo(-1);
    assertThat(limiter.tryAcquire()).isEqualTo(-1);
    now.set(1000);
    assertThat(limiter.tryAcquire()).isEqualTo(2); // The next line says two were left out.
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isEqualTo(-1);
  }
}
