package dev.sluice.hub.internal.http;

import dev.sluice.hub.internal.dispatch.SubscriberAccess;

/**
 * Turns a request's credentials into what it may do. The JWT implementation lives in the
 * authorization package; the endpoints see only this.
 *
 * <p>Both methods throw {@link HubHttpException} with {@code 401} and an RFC 6750
 * {@code WWW-Authenticate} header when a needed token is missing or invalid.
 */
public interface AccessPolicy {
  /** The subscriber's rights; {@link SubscriberAccess#ANONYMOUS} when it presented no token and anonymous access is on. */
  SubscriberAccess subscriber(HttpCall call);

  /** The publisher's rights. */
  PublisherAccess publisher(HttpCall call);

  /** What a publisher may publish to. */
  @FunctionalInterface
  interface PublisherAccess {
    boolean mayPublish(String topic);
  }
}
