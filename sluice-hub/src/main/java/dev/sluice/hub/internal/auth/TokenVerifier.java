package dev.sluice.hub.internal.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies a compact JWS access token as Mercure 1.0 asks (RFC 8725, RFC 9068), then reads its
 * permissions. Immutable and thread-safe.
 *
 * <p>Order matters: size and shape first (cheap); then the unverified {@code iss}, which only
 * selects the issuer whose keys may verify the token ({@link IssuerDirectory}); the header's
 * {@code alg} against that issuer's allowlist; the signature; and only then the claims that grant
 * anything. In compatibility mode 8, {@code typ}, {@code exp} and {@code aud} may be absent
 * (each is still checked when present) and the pre-1.0 {@code mercure} claim counts.
 */
public final class TokenVerifier {
  private static final Set<String> LEGACY_TYPES = Set.of("jwt", "application/jwt");
  private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("at+jwt", "application/at+jwt");

  private final AuthConfig config;
  private final MercureClaims mercureClaims;
  private final IssuerDirectory issuers;
  private final boolean compatibility;

  public TokenVerifier(AuthConfig config, IssuerDirectory issuers) {
    this.config = config;
    this.issuers = issuers;
    this.compatibility = config.compatibilityMode();
    this.mercureClaims =
        new MercureClaims(config.maxSelectors(), config.maxPatternLength(), compatibility);
  }

  /** @throws TokenRejectedException naming why the token is refused */
  public Grant verify(String token, IssuerDirectory.Role role) {
    SignedJWT jwt = parse(token);
    KeyResolver keys = issuers.keysFor(unverifiedIssuer(jwt), role);
    JWSHeader header = jwt.getHeader();
    if (!keys.algorithms().contains(header.getAlgorithm())) {
      throw new TokenRejectedException(Reason.ALGORITHM_NOT_ALLOWED);
    }
    checkType(header.getType());
    List<JWSVerifier> verifiers = keys.verifiersFor(header);
    if (verifiers.isEmpty()) {
      throw new TokenRejectedException(Reason.KEY_UNKNOWN);
    }
    if (!verifiedByAny(jwt, verifiers)) {
      throw new TokenRejectedException(Reason.SIGNATURE_INVALID);
    }
    try {
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant expiresAt = checkTimes(claims);
      checkAudience(claims.getAudience());
      Grant.Builder grant = Grant.builder()
          .authenticated()
          .subject(claims.getSubject())
          .expiresAt(expiresAt);
      mercureClaims.read(claims.getClaims(), grant);
      return grant.build();
    } catch (ParseException | ClassCastException e) {
      throw new TokenRejectedException(Reason.CLAIMS_INVALID);
    }
  }

  private SignedJWT parse(String token) {
    if (token.length() > config.maxTokenLength()) {
      throw new TokenRejectedException(Reason.TOKEN_TOO_LARGE);
    }
    if (!isCompactJws(token)) {
      throw new TokenRejectedException(Reason.TOKEN_MALFORMED);
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw new TokenRejectedException(unsignedHeader(token)
          ? Reason.ALGORITHM_NOT_ALLOWED : Reason.TOKEN_MALFORMED);
    }
  }

  /**
   * The {@code iss} claim before the signature is checked: it only chooses which trusted keys are
   * tried, so a forged value can at worst pick another issuer's keys, which then fail to verify.
   */
  private static String unverifiedIssuer(SignedJWT jwt) {
    try {
      Object iss = jwt.getPayload().toJSONObject() == null ? null
          : jwt.getPayload().toJSONObject().get("iss");
      if (iss != null && !(iss instanceof String)) {
        throw new TokenRejectedException(Reason.CLAIMS_INVALID);
      }
      return (String) iss;
    } catch (RuntimeException e) {
      if (e instanceof TokenRejectedException t) {
        throw t;
      }
      throw new TokenRejectedException(Reason.TOKEN_MALFORMED);
    }
  }

  /** Three base64url segments; JWE (five segments) and anything with padding or spaces fail here. */
  private static boolean isCompactJws(String token) {
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_')) {
        return false;
      }
    }
    return dots == 2 && token.charAt(0) != '.';
  }

  /** Tells {@code alg: none} apart from other garbage, for the logs. */
  private static boolean unsignedHeader(String token) {
    try {
      Header h = Header.parse(new Base64URL(token.substring(0, token.indexOf('.'))));
      return Algorithm.NONE.equals(h.getAlgorithm());
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /**
   * 1.0: {@code at+jwt} (or {@code application/at+jwt}), case-insensitively, so that ID tokens
   * and other JWTs are refused. Compatibility mode also lets through what pre-1.0 tools set:
   * nothing, {@code JWT} or {@code application/jwt}.
   */
  private void checkType(JOSEObjectType type) {
    String typ = type == null ? null : type.getType().toLowerCase(Locale.ROOT);
    if (typ != null && ACCESS_TOKEN_TYPES.contains(typ)) {
      return;
    }
    if (!compatibility || (typ != null && !LEGACY_TYPES.contains(typ))) {
      throw new TokenRejectedException(Reason.TYPE_NOT_ALLOWED);
    }
  }

  private static boolean verifiedByAny(SignedJWT jwt, List<JWSVerifier> verifiers) {
    for (JWSVerifier verifier : verifiers) {
      try {
        if (jwt.verify(verifier)) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // Unusable with this key (e.g. a critical header it does not understand): try the next.
      }
    }
    return false;
  }

  private Instant checkTimes(JWTClaimsSet claims) throws ParseException {
    Instant now = config.clock().instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      if (!compatibility) {
        throw new TokenRejectedException(Reason.EXPIRY_MISSING);
      }
    } else if (!now.minus(config.clockSkew()).isBefore(exp.toInstant())) {
      throw new TokenRejectedException(Reason.EXPIRED); // RFC 7519: "on or after" exp is too late.
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(config.clockSkew()).isBefore(nbf.toInstant())) {
      throw new TokenRejectedException(Reason.NOT_YET_VALID);
    }
    return exp == null ? null : exp.toInstant();
  }

  /** The hub's resource identifier must be in {@code aud}; compatibility mode accepts no {@code aud}. */
  private void checkAudience(List<String> audience) {
    Set<String> accepted = config.audiences();
    if (compatibility && (audience.isEmpty() || accepted.isEmpty())) {
      return;
    }
    for (String aud : audience) {
      if (accepted.contains(aud)) {
        return;
      }
    }
    throw new TokenRejectedException(Reason.AUDIENCE_NOT_ACCEPTED);
  }
}
