package dev.sluice.hub.internal.http;

import dev.sluice.hub.auth.AuthRequest;
import dev.sluice.hub.auth.AuthorizationException;
import dev.sluice.hub.auth.Authorizer;
import dev.sluice.hub.auth.Grant;
import dev.sluice.hub.auth.SelectorMatcher;
import dev.sluice.hub.internal.dispatch.SubscriberAccess;
import dev.sluice.hub.internal.dispatch.TopicMatcher;
import dev.sluice.hub.spi.Update;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The endpoints' {@link AccessPolicy} on the JWT {@link Authorizer}. Thread-safe. */
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
  public SubscriberAccess subscriber(HttpCall call) {
    try {
      Grant grant = authorizer.authorizeSubscribe(request(call));
      return grant.isAnonymous() ? SubscriberAccess.ANONYMOUS : new GrantAccess(grant, selectors);
    } catch (AuthorizationException e) {
      throw refusal(e);
    }
  }

  @Override
  public void authorizePublish(HttpCall call, List<String> topics) {
    try {
      authorizer.authorizePublish(request(call), topics, selectors);
    } catch (AuthorizationException e) {
      throw refusal(e);
    }
  }

  @Override
  public void authorizeSubscriptionsApi(HttpCall call, String path) {
    try {
      authorizer.authorizeSubscriptionsApi(request(call), path, selectors);
    } catch (AuthorizationException e) {
      throw refusal(e);
    }
  }

  private static AuthRequest request(HttpCall call) {
    return AuthRequest.builder()
        .authorizationHeaders(call.headers("Authorization"))
        .cookieHeaders(call.headers("Cookie"))
        .queryParameters(call.queryParameters())
        .origin(call.header("Origin").orElse(null))
        .referer(call.header("Referer").orElse(null))
        .build();
  }

  private static HubHttpException refusal(AuthorizationException e) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    e.wwwAuthenticate().ifPresent(value -> headers.add(Map.entry("WWW-Authenticate", value)));
    return new HubHttpException(e.status(), e.getMessage(), headers);
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
