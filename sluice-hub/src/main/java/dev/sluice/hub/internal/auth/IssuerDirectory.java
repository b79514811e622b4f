package dev.sluice.hub.internal.auth;

import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import dev.sluice.hub.auth.TrustedIssuer;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which keys may verify a token, chosen by the token's (not yet verified) {@code iss} before any
 * signature check: each trusted issuer's tokens are verified with that issuer's keys only, never a
 * pool spanning issuers (Mercure 1.0, "Token Validation"). Immutable and thread-safe.
 *
 * <p>Strict 1.0: an unknown or missing {@code iss} is refused. Compatibility mode 8: a token without
 * {@code iss} (pre-1.0 tokens rarely had one) is verified with the keys bound to no issuer, or with
 * the sole trusted issuer's; a present {@code iss} must still name a trusted issuer when any is
 * configured.
 */
public final class IssuerDirectory {
  /** Which endpoint's keys: the spec lets the role of the endpoint pick among an issuer's keys. */
  public enum Role { PUBLISHER, SUBSCRIBER }

  private record Keys(KeyResolver publisher, KeyResolver subscriber) {
    KeyResolver forRole(Role role) {
      return role == Role.PUBLISHER ? publisher : subscriber;
    }
  }

  private final Map<String, Keys> byIssuer;
  private final Keys unbound; // Null when every key belongs to an issuer.
  private final boolean compatibility;

  public IssuerDirectory(AuthConfig config) {
    Map<String, Keys> map = new LinkedHashMap<>();
    for (TrustedIssuer issuer : config.trustedIssuers()) {
      map.put(issuer.id(), new Keys(resolver(issuer.publisherKeys().orElse(null)),
          resolver(issuer.subscriberKeys().orElse(null))));
    }
    this.byIssuer = Map.copyOf(map);
    KeyResolver pub = resolver(config.publisherKeys().orElse(null));
    KeyResolver sub = resolver(config.subscriberKeys().orElse(null));
    this.unbound = pub == null && sub == null ? null : new Keys(pub, sub);
    this.compatibility = config.compatibilityMode();
  }

  private static KeyResolver resolver(KeySource source) {
    return source == null ? null : KeySources.resolver(source);
  }

  /**
   * @param issuer the token's unverified {@code iss}, or null when it has none
   * @throws TokenRejectedException when no trusted key may verify such a token
   */
  public KeyResolver keysFor(String issuer, Role role) {
    Keys keys = issuer == null ? null : byIssuer.get(issuer);
    if (keys == null) {
      keys = compatibilityKeys(issuer);
    }
    KeyResolver resolver = keys.forRole(role);
    if (resolver == null) {
      throw new TokenRejectedException(Reason.KEY_UNKNOWN);
    }
    return resolver;
  }

  private Keys compatibilityKeys(String issuer) {
    if (!compatibility || (issuer != null && !byIssuer.isEmpty())) {
      throw new TokenRejectedException(Reason.ISSUER_NOT_ACCEPTED);
    }
    if (unbound != null) {
      return unbound;
    }
    if (byIssuer.size() == 1) {
      return byIssuer.values().iterator().next();
    }
    throw new TokenRejectedException(Reason.ISSUER_NOT_ACCEPTED);
  }

  /** Whether the keys bound to no issuer are the only keys (strict mode cannot use them). */
  public boolean hasOnlyUnboundKeys() {
    return byIssuer.isEmpty() && unbound != null;
  }

  /** Every distinct key source, for refreshing and for the may-block question. */
  public List<KeyResolver> all() {
    List<KeyResolver> out = new ArrayList<>();
    List<Keys> keys = new ArrayList<>(byIssuer.values());
    if (unbound != null) {
      keys.add(unbound);
    }
    for (Keys k : keys) {
      for (KeyResolver r : new KeyResolver[] {k.publisher, k.subscriber}) {
        if (r != null && out.stream().noneMatch(x -> x == r)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "IssuerDirectory" + byIssuer.keySet() + (Objects.isNull(unbound) ? "" : "+unbound");
  }
}
