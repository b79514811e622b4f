package dev.sluice.llm.internal;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.selector.SelectorEngine;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import dev.sluice.llm.LlmAuthorizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link LlmAuthorizer#hubTokens}: the hub's JWT {@link Authorizer} behind the relay's seam. The one
 * class of sluice-llm that uses the hub's internal authorization API, kept to the calls the hub's
 * own endpoints make (verify a bearer token into a {@link Grant}, ask the grant about a topic), so
 * that a change of that API touches only this file. Thread-safe.
 */
public final class HubTokenAuthorizer implements LlmAuthorizer {
  private final Authorizer subscriberKeys;
  private final Authorizer publisherKeys; // Verifies with the publisher key(s), as for a publish.
  private final SelectorMatcher selectors;

  public HubTokenAuthorizer(AuthConfig auth, String hubUrl) {
    this.subscriberKeys = Authorizer.create(auth);
    boolean oneKey = auth.subscriberKeys().map(k -> k == auth.publisherKeys()).orElse(false);
    this.publisherKeys = oneKey ? subscriberKeys
        : Authorizer.create(auth.newBuilder().subscriberKeys(auth.publisherKeys()).build());
    this.selectors = new SelectorEngine(SelectorLimits.defaults(), hubUrl).grants();
    // Remote keys (a JWK Set) now, so the first request does not wait for them on its event loop.
    subscriberKeys.refreshKeys();
    if (publisherKeys != subscriberKeys) {
      publisherKeys.refreshKeys();
    }
  }

  @Override
  public Optional<Caller> caller(Optional<String> bearerToken) {
    if (bearerToken.isEmpty() || bearerToken.get().isEmpty()) {
      return Optional.empty();
    }
    String token = bearerToken.get();
    AuthRequest request = AuthRequest.builder().bearer(token).build();
    Optional<Grant> asSubscriber = verified(subscriberKeys, request);
    Optional<Grant> asPublisher = publisherKeys == subscriberKeys ? asSubscriber : verified(publisherKeys, request);
    Optional<Grant> any = asSubscriber.or(() -> asPublisher);
    if (any.isEmpty()) {
      return Optional.empty();
    }
    String subject = any.get().subject().map(sub -> "sub:" + sub).orElseGet(() -> "token:" + sha256(token));
    return Optional.of(new Caller() {
      @Override
      public String subject() {
        return subject;
      }

      @Override
      public boolean mayCreate(String responseId) {
        return asPublisher.map(g -> g.canPublish(List.of(LogRecords.topic(responseId)), selectors)).orElse(false);
      }

      @Override
      public boolean mayRead(String responseId, String owner) {
        return subject.equals(owner)
            || asSubscriber.map(g -> g.canSubscribe(LogRecords.topic(responseId), selectors)).orElse(false);
      }
    });
  }

  /** The token's grant under these keys; empty when refused (bad signature, expired, wrong audience…). */
  private static Optional<Grant> verified(Authorizer keys, AuthRequest request) {
    try {
      Grant grant = keys.authorizeSubscribe(request);
      return grant.isAnonymous() ? Optional.empty() : Optional.of(grant);
    } catch (AuthorizationException refused) {
      return Optional.empty();
    }
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
