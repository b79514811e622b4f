package dev.sluice.hub.internal.auth;

import dev.sluice.server.Request;
import java.util.List;

/**
 * Turns a request's credentials into what it may do. The JWT implementation adapts
 * {@link dev.sluice.hub.internal.auth.Authorizer}; the endpoints see only this.
 *
 * <p>Every method throws {@link dev.sluice.server.HttpStatusException} to refuse (the JWT policy's
 * {@link dev.sluice.hub.internal.auth.AuthorizationException} is one): {@code 401} with an RFC 6750
 * {@code WWW-Authenticate} challenge when a needed token is missing or invalid, {@code 403} when a
 * valid token does not grant the action, {@code 400} for a malformed credential.
 */
public interface AccessPolicy {
  /** The subscriber's rights; {@link SubscriberAccess#ANONYMOUS}-like when it presented no token. */
  SubscriberAccess subscriber(Request call);

  /** Refuses unless the request may publish an update carrying all of {@code topics}. */
  void authorizePublish(Request call, List<String> topics);

  /** Refuses unless the request may read the subscriptions API resource at {@code path}. */
  void authorizeSubscriptionsApi(Request call, String path);

  /**
   * Whether a check may block (keys fetched over the network), so it must not run on an event loop.
   * Unknown policies are assumed to.
   */
  default boolean mayBlock() {
    return true;
  }
}
