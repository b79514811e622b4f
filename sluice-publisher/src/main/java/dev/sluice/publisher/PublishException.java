package dev.sluice.publisher;

import java.util.Optional;

/**
 * A publish that did not succeed. The subclasses name the common cases; every instance carries the
 * hub's HTTP status (if it answered) and its reason text (the response body, or the {@code
 * WWW-Authenticate} challenge when the body is empty), so the cause can be read without a packet
 * capture.
 *
 * <table>
 *   <caption>Subclasses</caption>
 *   <tr><th>status</th><th>type</th><th>retried</th></tr>
 *   <tr><td>400</td><td>{@link BadUpdateException}</td><td>no</td></tr>
 *   <tr><td>401</td><td>{@link UnauthorizedException}</td><td>no</td></tr>
 *   <tr><td>403</td><td>{@link ForbiddenException}</td><td>no</td></tr>
 *   <tr><td>413</td><td>{@link UpdateTooLargeException}</td><td>no</td></tr>
 *   <tr><td>502, 503, 504, no answer</td><td>{@link HubUnavailableException}</td><td>yes</td></tr>
 *   <tr><td>any other</td><td>{@code PublishException}</td><td>no</td></tr>
 * </table>
 */
public class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;
  private final int attempts;

  /**
   * @param status the HTTP status, or 0 if the hub never answered
   * @param reason the hub's reason text, or a description of the transport failure
   * @param attempts how many requests were sent
   */
  public PublishException(int status, String reason, int attempts, Throwable cause) {
    super(message(status, reason, attempts), cause);
    this.status = status;
    this.reason = reason;
    this.attempts = attempts;
  }

  /** The hub's HTTP status; empty if it never answered (connect failure, timeout). */
  public Optional<Integer> status() {
    return status == 0 ? Optional.empty() : Optional.of(status);
  }

  /** The hub's reason text, or what went wrong on the way. */
  public String reason() {
    return reason;
  }

  /** How many attempts were made before giving up. */
  public int attempts() {
    return attempts;
  }

  private static String message(int status, String reason, int attempts) {
    String head = status == 0 ? "publish failed" : "hub answered " + status;
    String tail = attempts > 1 ? " (after " + attempts + " attempts)" : "";
    return reason.isEmpty() ? head + tail : head + ": " + reason + tail;
  }

  /**
   * The exception for a final status (a {@link BadUpdateException} for 400, …), or for a transport
   * failure when {@code status} is 0. Public for hubs that publish in-process (Sluice's embedded
   * {@code Hub.publish}), so their callers catch the same types as over HTTP.
   */
  public static PublishException of(int status, String reason, int attempts, Throwable cause) {
    switch (status) {
      case 400: return new BadUpdateException(reason, attempts);
      case 401: return new UnauthorizedException(reason, attempts);
      case 403: return new ForbiddenException(reason, attempts);
      case 413: return new UpdateTooLargeException(reason, attempts);
      case 0: case 502: case 503: case 504:
        return new HubUnavailableException(status, reason, attempts, cause);
      default: return new PublishException(status, reason, attempts, cause);
    }
  }
}
