package dev.sluice.llm;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.llm.internal.HubTokenAuthorizer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may create and read responses. The relay asks it with the bearer token of each request (the
 * "API key" an OpenAI SDK sends), so the hub's JWT verification plugs in here
 * ({@link #hubTokens}).
 *
 * <h3>What grants what</h3>
 * <ul>
 *   <li>{@link #caller} turns a token into the {@link Caller} holding it; empty means {@code 401}.
 *   <li>{@link Caller#mayCreate}: {@code POST /v1/responses}; otherwise {@code 403}.
 *   <li>{@link Caller#mayRead}: {@code GET /v1/responses/{id}} (object or stream) and
 *       {@code POST /v1/responses/{id}/cancel}; otherwise {@code 404}, so that ids of others'
 *       responses cannot be probed.
 * </ul>
 * Implementations are thread-safe and fast: they run on the event loop.
 */
public interface LlmAuthorizer {

  /** The caller holding {@code bearerToken} (empty token: the request had none), or empty for 401. */
  Optional<Caller> caller(Optional<String> bearerToken);

  /** One request's verified caller. */
  interface Caller {
    /** Who the caller is: stored as the owner of what it creates, never sent to clients. */
    String subject();

    /** Whether the caller may create response {@code responseId} (the id is chosen before asking). */
    boolean mayCreate(String responseId);

    /** Whether the caller may read or cancel response {@code responseId}, created by {@code owner}. */
    boolean mayRead(String responseId, String owner);

    /** A caller who may create responses and read and cancel those it owns. */
    static Caller owner(String subject) {
      Objects.requireNonNull(subject, "subject");
      return new Caller() {
        @Override
        public String subject() {
          return subject;
        }

        @Override
        public boolean mayCreate(String responseId) {
          return true;
        }

        @Override
        public boolean mayRead(String responseId, String owner) {
          return subject.equals(owner);
        }
      };
    }
  }

  /** Development mode: no token needed, everyone is {@code anonymous} and may do everything. */
  static LlmAuthorizer open() {
    Caller anonymous = new Caller() {
      @Override
      public String subject() {
        return "anonymous";
      }

      @Override
      public boolean mayCreate(String responseId) {
        return true;
      }

      @Override
      public boolean mayRead(String responseId, String owner) {
        return true;
      }
    };
    Optional<Caller> always = Optional.of(anonymous);
    return token -> always;
  }

  /**
   * Fixed keys, token → subject: a holder may create responses and read and cancel its own. Compare
   * against keys of a fixed length where timing matters; the map lookup is not constant-time.
   */
  static LlmAuthorizer keys(Map<String, String> subjectsByToken) {
    Map<String, String> keys = Map.copyOf(Objects.requireNonNull(subjectsByToken, "subjectsByToken"));
    return token -> token.map(keys::get).map(Caller::owner);
  }

  /**
   * The hub's own access tokens (JWTs verified exactly as the hub verifies a Mercure request, with
   * {@code auth}'s keys, audiences, issuers and expiry rules). Response {@code R}'s topic is
   * {@code urn:sluice:llm:response:R}:
   * <ul>
   *   <li>creating needs the publish action on the new response's topic ({@code "*"}, or a
   *       {@code URLPattern} selector {@code urn:*});
   *   <li>reading and cancelling need the subscribe action on its topic, or having created it;
   *   <li>the owner is the token's {@code sub}; a token without one owns by the token itself (a
   *       hash of it), so only the same token reads such a response back.
   * </ul>
   * A token signed with the publisher key or the subscriber key is accepted (they are one key
   * unless the hub was given two). With a JWK Set URL, a token whose key is not cached yet blocks
   * the event loop for the fetch (up to the JWKS timeout); the keys are fetched once at creation.
   *
   * @param hubUrl the hub's URL, against which relative topic selectors in tokens resolve
   */
  static LlmAuthorizer hubTokens(AuthConfig auth, String hubUrl) {
    return new HubTokenAuthorizer(Objects.requireNonNull(auth, "auth"), Objects.requireNonNull(hubUrl, "hubUrl"));
  }
}
