package dev.sluice.hub.internal.auth;

import static java.util.Objects.requireNonNull;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.IssuerDirectory.Role;
import dev.sluice.hub.internal.selector.SelectorMatcher;

import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import dev.sluice.hub.internal.auth.TokenExtractor.Presented;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The hub's authorization decisions. Immutable and thread-safe; build one per hub.
 *
 * <h3>How the engine calls it</h3>
 * <pre>{@code
 * // GET /.well-known/mercure
 * Grant grant = authorizer.authorizeSubscribe(authRequest);       // throws AuthorizationException
 * grant.expiresAt().ifPresent(exp -> closeStreamAt(exp));
 * // for each private update, live or replayed:
 * if (!update.isPrivate() || grant.canReceivePrivate(update.topics(), selectors)) deliver(update);
 *
 * // POST /.well-known/mercure
 * Grant publisher = authorizer.authorizePublish(authRequest, topics, selectors);
 *
 * // GET /.well-known/mercure/subscriptions/...
 * authorizer.authorizeSubscriptionsApi(authRequest, "/.well-known/mercure/subscriptions", selectors);
 *
 * // on failure:
 * catch (AuthorizationException e) {
 *   respond(e.status(), e.getMessage(), e.wwwAuthenticate());
 * }
 * }</pre>
 *
 * <p>With a JWKS key source, verification can block on the network (first use, expired cache or an
 * unknown {@code kid}) for up to the JWKS timeout; see {@link #mayBlock()}.
 */
public final class Authorizer {
  private final AuthConfig config;
  private final IssuerDirectory issuers;
  private final TokenExtractor extractor;
  private final TokenVerifier verifier;

  private Authorizer(AuthConfig config) {
    this.config = config;
    this.issuers = new IssuerDirectory(config);
    this.extractor = new TokenExtractor(config.cookieName(), config.compatibilityMode());
    this.verifier = new TokenVerifier(config, issuers);
  }

  /**
   * @throws IllegalStateException when a strict 1.0 configuration cannot accept any token: keys
   *     bound to no issuer, or no resource identifier
   */
  public static Authorizer create(AuthConfig config) {
    requireNonNull(config, "config");
    if (!config.compatibilityMode()) {
      if (config.trustedIssuers().isEmpty()) {
        throw new IllegalStateException(MISSING_ISSUER);
      }
      if (config.audiences().isEmpty()) {
        throw new IllegalStateException("Mercure 1.0 needs the hub's resource identifier (audience)");
      }
    }
    return new Authorizer(config);
  }

  /** The start-up error for keys without an issuer in strict mode; says what to add. */
  public static final String MISSING_ISSUER = "keys are configured without an issuer: Mercure 1.0"
      + " tokens must name a trusted issuer, so bind the keys to one (AuthConfig.Builder.issuer or"
      + " trustedIssuer; sluice serve --issuer), or accept pre-1.0 tokens with protocol version"
      + " compatibility 8";

  public AuthConfig config() {
    return config;
  }

  /**
   * Authorizes a subscription request. A valid token yields its grant (which may allow no private
   * topic at all: subscribing itself needs no permission); no token yields {@link Grant#anonymous()}
   * if anonymous subscribers are allowed. A presented but invalid token is always refused, never
   * downgraded to anonymous.
   */
  public Grant authorizeSubscribe(AuthRequest request) {
    try {
      Optional<Presented> token = extractor.extract(request);
      if (token.isEmpty()) {
        if (config.anonymousSubscribers()) {
          return Grant.anonymous();
        }
        throw new TokenRejectedException(Reason.TOKEN_MISSING);
      }
      return verifier.verify(token.get().token(), Role.SUBSCRIBER);
    } catch (TokenRejectedException e) {
      throw refusal(e.reason());
    }
  }

  /**
   * The grant of the token {@code request} presents, verified with the keys of {@code role} (its
   * issuer's publisher or subscriber keys), for routes beside the hub's own that ask their own
   * questions of it (the LLM relay). Empty without a token or when the token is refused.
   */
  public Optional<Grant> verifiedGrant(AuthRequest request, IssuerDirectory.Role role) {
    requireNonNull(role, "role");
    try {
      Optional<Presented> token = extractor.extract(request);
      return token.isEmpty() ? Optional.empty() : Optional.of(verifier.verify(token.get().token(), role));
    } catch (TokenRejectedException e) {
      return Optional.empty();
    }
  }

  /**
   * Authorizes publishing an update on {@code topics}: the token must grant the publish action on
   * every one of them, whether the update is private or not (both the current and the earlier
   * revisions say so).
   *
   * @throws AuthorizationException 401 without a valid token, 403 when it lacks the permission,
   *     400 for a malformed carrier or a cookie sent from a disallowed origin
   */
  public Grant authorizePublish(
      AuthRequest request, Collection<String> topics, SelectorMatcher matcher) {
    requireNonNull(matcher, "matcher");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("topics is empty");
    }
    try {
      Presented token = extractor.extract(request)
          .orElseThrow(() -> new TokenRejectedException(Reason.TOKEN_MISSING));
      if (token.location() == TokenExtractor.Location.COOKIE) {
        checkCookieOrigin(request);
      }
      Grant grant = verifier.verify(token.token(), Role.PUBLISHER);
      if (!grant.canPublish(topics, matcher)) {
        throw new TokenRejectedException(Reason.SCOPE_INSUFFICIENT);
      }
      return grant;
    } catch (TokenRejectedException e) {
      throw refusal(e.reason());
    }
  }

  /**
   * Authorizes a read of the subscriptions API: the subscriber token must grant the subscribe action
   * on the requested path (its relative form, e.g. {@code /.well-known/mercure/subscriptions}).
   */
  public Grant authorizeSubscriptionsApi(AuthRequest request, String path, SelectorMatcher matcher) {
    requireNonNull(path, "path");
    requireNonNull(matcher, "matcher");
    try {
      Presented token = extractor.extract(request)
          .orElseThrow(() -> new TokenRejectedException(Reason.TOKEN_MISSING));
      Grant grant = verifier.verify(token.token(), Role.SUBSCRIBER);
      if (!grant.canSubscribe(path, matcher)) {
        throw new TokenRejectedException(Reason.SCOPE_INSUFFICIENT);
      }
      return grant;
    } catch (TokenRejectedException e) {
      throw refusal(e.reason());
    }
  }

  /** The refusal the engine sends when it finds a grant lacks a permission itself (a 403). */
  public AuthorizationException insufficientScope() {
    return refusal(Reason.SCOPE_INSUFFICIENT);
  }

  /** True when verifying may block on a JWKS fetch; call from a thread that may block. */
  public boolean mayBlock() {
    return issuers.all().stream().anyMatch(KeyResolver::mayBlock);
  }

  /** Fetches remote keys now (e.g. at start-up), so the first request does not wait. */
  public void refreshKeys() {
    issuers.all().forEach(KeyResolver::refresh);
  }

  /** The CSRF defence for cookie-authenticated publishing, as the reference hub does it. */
  private void checkCookieOrigin(AuthRequest request) {
    Optional<String> origin = request.origin().or(() -> request.referer().flatMap(Authorizer::originOf));
    if (origin.isEmpty()) {
      throw new TokenRejectedException(Reason.COOKIE_ORIGIN_MISSING);
    }
    String o = origin.get().toLowerCase(Locale.ROOT);
    for (String allowed : config.publishOrigins()) {
      if (allowed.equals("*") || allowed.toLowerCase(Locale.ROOT).equals(o)) {
        return;
      }
    }
    throw new TokenRejectedException(Reason.COOKIE_ORIGIN_NOT_ALLOWED);
  }

  private static Optional<String> originOf(String referer) {
    try {
      URI uri = new URI(referer);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return Optional.of(uri.getScheme() + "://" + uri.getHost() + port);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  private AuthorizationException refusal(Reason reason) {
    return new AuthorizationException(reason, Challenge.header(reason, config));
  }
}
