package dev.sluice.hub.spi;

/**
 * Why a log could not do what was asked. The one unchecked exception family of the SPI.
 *
 * <p>The hub answers a publisher whose append failed with {@code 503 Service Unavailable} and this
 * exception's message, unless a subclass says otherwise.
 */
public class UpdateLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UpdateLogException(String message) {
    super(message);
  }

  public UpdateLogException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The log is closed, unreachable or overloaded; the caller may retry later. */
  public static final class Unavailable extends UpdateLogException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The update reuses the event id of an update the log still holds, with different content: it
   * was not stored. (The same content under the same id is a publisher's retry: the log answers
   * with the stored update instead, see {@link UpdateLog#append}.) The hub answers {@code 409}.
   */
  public static final class Conflict extends UpdateLogException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }
}
