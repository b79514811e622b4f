package dev.sluice.hub.internal.auth;

import dev.sluice.hub.internal.selector.SelectorMatcher;
import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.spi.Update;
import dev.sluice.server.Request;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints' {@link AccessPolicy} on the JWT {@link Authorizer}. Refusals pass through as the
 * authorizer's {@link dev.sluice.hub.internal.auth.AuthorizationException}, challenge included. Thread-safe.
 */
public final class JwtAccessPolicy implements AccessPolicy {
  private final Authorizer authorizer;
  private final SelectorMatcher selectors;

  public JwtAccessPolicy(Authorizer authorizer, SelectorMatcher selectors) {
    this.authorizer = authorizer;
    this.selectors = selectors;
  }

  @Override
  public boolean mayBlock() {
    return authorizer.mayBlock();
  }

  @Override
  public SubscriberAccess subscriber(Request call) {
    Grant grant = authorizer.authorizeSubscribe(request(call));
    return grant.isAnonymous() ? SubscriberAccess.ANONYMOUS : new GrantAccess(grant, selectors);
  }

  @Override
  public void authorizePublish(Request call, List<String> topics) {
    authorizer.authorizePublish(request(call), topics, selectors);
  }

  @Override
  public void authorizeSubscriptionsApi(Request call, String path) {
    authorizer.authorizeSubscriptionsApi(request(call), path, selectors);
  }

  private static AuthRequest request(Request call) {
    return AuthRequest.builder()
        .authorizationHeaders(call.headers("Authorization"))
        .cookieHeaders(call.headers("Cookie"))
        .queryParameters(call.queryParameters())
        .origin(call.header("Origin").orElse(null))
        .referer(call.header("Referer").orElse(null))
        .build();
  }

  /** A verified token's rights as the dispatcher asks for them. */
  private record GrantAccess(Grant grant, SelectorMatcher selectors) implements SubscriberAccess {
    @Override
    public boolean maySubscribe(String topic) {
      return grant.canSubscribe(topic, selectors);
    }

    @Override
    public boolean mayReceivePrivate(Update update) {
      return grant.canReceivePrivate(update.topics(), selectors);
    }

    @Override
    public Optional<Instant> expiresAt() {
      return grant.expiresAt();
    }

    @Override
    public Optional<String> subject() {
      return grant.subject();
    }

    @Override
    public Optional<String> payloadJson(TopicMatcher matcher) {
      return grant.payloadFor(matcher.match(), selectors);
    }
  }
}
