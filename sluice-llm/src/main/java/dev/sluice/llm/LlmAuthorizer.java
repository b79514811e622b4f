package dev.sluice.llm;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may create and read responses. The relay asks it with the bearer token of each request (the
 * "API key" an OpenAI SDK sends), so the hub's JWT verification plugs in here.
 *
 * <h3>What grants what</h3>
 * <ul>
 *   <li>{@link #subject} turns a token into the subject who holds it; empty means {@code 401}.
 *   <li>{@link #mayCreate}: {@code POST /v1/responses}; otherwise {@code 403}.
 *   <li>{@link #mayRead}: {@code GET /v1/responses/{id}} (object or stream) and
 *       {@code POST /v1/responses/{id}/cancel}; otherwise {@code 404}, so that ids of others'
 *       responses cannot be probed.
 * </ul>
 * Implementations are thread-safe and fast (no I/O): they run on the event loop.
 */
public interface LlmAuthorizer {

  /** The subject holding {@code bearerToken} (empty when the request had none). */
  Optional<String> subject(Optional<String> bearerToken);

  boolean mayCreate(String subject);

  /** Whether {@code subject} may read or cancel response {@code responseId}, created by {@code owner}. */
  boolean mayRead(String subject, String responseId, String owner);

  /** Development mode: no token needed, everyone is {@code anonymous} and may do everything. */
  static LlmAuthorizer open() {
    return new LlmAuthorizer() {
      @Override
      public Optional<String> subject(Optional<String> bearerToken) {
        return Optional.of("anonymous");
      }

      @Override
      public boolean mayCreate(String subject) {
        return true;
      }

      @Override
      public boolean mayRead(String subject, String responseId, String owner) {
        return true;
      }
    };
  }

  /**
   * Fixed keys, token → subject: a holder may create responses and read and cancel its own. Compare
   * against keys of a fixed length where timing matters; the map lookup is not constant-time.
   */
  static LlmAuthorizer keys(Map<String, String> subjectsByToken) {
    Map<String, String> keys = Map.copyOf(Objects.requireNonNull(subjectsByToken, "subjectsByToken"));
    return new LlmAuthorizer() {
      @Override
      public Optional<String> subject(Optional<String> bearerToken) {
        return bearerToken.map(keys::get);
      }

      @Override
      public boolean mayCreate(String subject) {
        return true;
      }

      @Override
      public boolean mayRead(String subject, String responseId, String owner) {
        return subject.equals(owner);
      }
    };
  }
}
