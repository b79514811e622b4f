package dev.sluice.llm;

/**
 * The relay's Micrometer meters (Prometheus adds {@code _total} to counters and {@code _seconds}).
 * Every meter is tagged {@code node}.
 */
public enum LlmMeters {
  /** Counter: generations this node started. */
  GENERATIONS_STARTED("sluice.llm.generations.started"),
  /** Counter: streams opened with a cursor ({@code starting_after} or {@code Last-Event-ID}). */
  GENERATIONS_RESUMED("sluice.llm.generations.resumed"),
  /** Counter: generations this node stopped on a cancel request. */
  GENERATIONS_CANCELLED("sluice.llm.generations.cancelled"),
  /** Counter: generations this node ended as failed (upstream error, log error). */
  GENERATIONS_FAILED("sluice.llm.generations.failed"),
  /** Gauge: generations running on this node. */
  GENERATIONS_ACTIVE("sluice.llm.generations.active"),
  /** Timer: from a resuming stream's open to its catching up with the live generation (or its end). */
  RESUME_CATCHUP("sluice.llm.resume.catchup");

  private final String meterName;

  LlmMeters(String meterName) {
    this.meterName = meterName;
  }

  public String meterName() {
    return meterName;
  }
}
