package dev.sluice.llm.internal;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import dev.sluice.hub.internal.auth.IssuerDirectory.Role;
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
  private final Authorizer authorizer;
  private final SelectorMatcher selectors;

  public HubTokenAuthorizer(AuthConfig auth, String hubUrl) {
    this.authorizer = Authorizer.create(auth);
    this.selectors = new SelectorEngine(SelectorLimits.defaults(), hubUrl).grants();
    // Remote keys (a JWK Set) now, so the first request does not wait for them on its event loop.
    authorizer.refreshKeys();
  }

  @Override
  public Optional<Caller> caller(Optional<String> bearerToken) {
    if (bearerToken.isEmpty() || bearerToken.get().isEmpty()) {
      return Optional.empty();
    }
    String token = bearerToken.get();
    AuthRequest request = AuthRequest.builder().bearer(token).build();
    // Verified with the issuer's subscriber keys to read and its publisher keys to create, as for a
    // subscribe and a publish: a token signed with one key only gets that key's side.
    Optional<Grant> asSubscriber = authorizer.verifiedGrant(request, Role.SUBSCRIBER);
    Optional<Grant> asPublisher = authorizer.verifiedGrant(request, Role.PUBLISHER);
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

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
