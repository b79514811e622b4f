package dev.sluice.hub.internal.http;

import java.util.List;
import java.util.Map;

/** An endpoint's refusal: a status, a short plain message, and headers such as WWW-Authenticate. */
public final class HubHttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<Map.Entry<String, String>> headers;

  public HubHttpException(int status, String message) {
    this(status, message, List.of());
  }

  public HubHttpException(int status, String message, List<Map.Entry<String, String>> headers) {
    super(message, null, false, false); // Expected answers: no stack trace to fill.
    this.status = status;
    this.headers = List.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  public HubResponse toResponse() {
    HubResponse response = HubResponse.text(status, getMessage());
    for (Map.Entry<String, String> h : headers) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response;
  }
}
