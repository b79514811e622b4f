package dev.sluice;

/** The root of sluice's unchecked exceptions. */
public class SseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SseException(String message) {
    super(message);
  }

  public SseException(String message, Throwable cause) {
    super(message, cause);
  }
}
