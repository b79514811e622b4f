package dev.sluice.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 access tokens for a hub that trusts a shared secret: for your publishers, and for
 * your users' browsers when your application decides who may read which private topic. Immutable
 * and thread-safe; each setter returns a changed copy.
 *
 * <pre>{@code
 * Tokens tokens = Tokens.hs256(secret)
 *     .issuer("https://app.example.com")
 *     .audience("https://hub.example.com/.well-known/mercure")
 *     .ttl(Duration.ofMinutes(15));
 * String forThePublisher = tokens.publisher("*");
 * String forUser42 = tokens.subscriber("user-42", "https://example.com/users/42");
 * }</pre>
 *
 * <h3>Two shapes</h3>
 * {@link #publisher} and {@link #subscriber} write the Mercure 1.0 shape: header {@code
 * {"alg":"HS256","typ":"at+jwt"}}, the RFC 9068 claims ({@code iss}, {@code aud}, {@code sub},
 * {@code client_id}, {@code iat}, {@code exp}, {@code jti}) and an {@code authorization_details}
 * entry of type {@value #AUTHORIZATION_DETAIL_TYPE} whose {@code topics} are exact matchers
 * ({@code "*"} matches every topic). {@link #legacyPublisher} and {@link #legacySubscriber} write
 * the earlier drafts' shape (draft 08): header {@code typ} {@code JWT} and a {@code mercure}
 * claim with {@code publish} / {@code subscribe} lists, for hubs that still speak draft 08 or run
 * in compatibility mode ({@code --protocol-version-compatibility 8}). Sluice's hub reads the 1.0
 * shape; it needs {@link #issuer} to be one of its trusted issuers and {@link #audience} its
 * resource identifier.
 */
public final class Tokens {
  /** The {@code type} of a Mercure entry in {@code authorization_details} (Mercure 1.0). */
  public static final String AUTHORIZATION_DETAIL_TYPE = "https://mercure.rocks/authorization-detail";
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  private final byte[] secret;
  private final String issuer; // Null: not set.
  private final String audience; // Null: not set.
  private final String clientId; // Null: the issuer.
  private final Duration ttl;
  private final Clock clock;

  private Tokens(byte[] secret, String issuer, String audience, String clientId, Duration ttl, Clock clock) {
    this.secret = secret;
    this.issuer = issuer;
    this.audience = audience;
    this.clientId = clientId;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Signs with this shared secret (UTF-8), at least {@value #MIN_SECRET_BYTES} bytes. */
  public static Tokens hs256(String secret) {
    return hs256(requireNonNull(secret, "secret").getBytes(UTF_8));
  }

  /** Signs with this shared secret, at least {@value #MIN_SECRET_BYTES} bytes. */
  public static Tokens hs256(byte[] secret) {
    requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("HS256 secret is " + secret.length + " bytes; at least "
          + MIN_SECRET_BYTES + " needed");
    }
    return new Tokens(secret.clone(), null, null, null, DEFAULT_TTL, Clock.systemUTC());
  }

  /** The {@code iss} claim: who issues the token (required for 1.0 tokens). */
  public Tokens issuer(String issuer) {
    return new Tokens(secret, nonEmpty(issuer, "issuer"), audience, clientId, ttl, clock);
  }

  /** The {@code aud} claim: the hub's resource identifier, usually its URL (required for 1.0 tokens). */
  public Tokens audience(String audience) {
    return new Tokens(secret, issuer, nonEmpty(audience, "audience"), clientId, ttl, clock);
  }

  /** The {@code client_id} claim of 1.0 tokens, and the {@code sub} of publisher tokens. Default: the issuer. */
  public Tokens clientId(String clientId) {
    return new Tokens(secret, issuer, audience, nonEmpty(clientId, "clientId"), ttl, clock);
  }

  /** How long a token is valid from when it is minted. Default {@link #DEFAULT_TTL}. */
  public Tokens ttl(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl <= 0: " + ttl);
    }
    return new Tokens(secret, issuer, audience, clientId, ttl, clock);
  }

  /** The clock for {@code iat} and {@code exp}; for tests. */
  public Tokens clock(Clock clock) {
    return new Tokens(secret, issuer, audience, clientId, ttl, requireNonNull(clock, "clock"));
  }

  /**
   * A Mercure 1.0 token that may publish on {@code topics} (exact topics, or {@code *}).
   *
   * @throws IllegalStateException if {@link #issuer} or {@link #audience} is not set
   */
  public String publisher(String... topics) {
    String client = clientId != null ? clientId : require(issuer, "issuer");
    return sign("at+jwt", claims(client, detail("publish", topics)));
  }

  /**
   * A Mercure 1.0 token for subscriber {@code subject} that may receive private updates of {@code
   * topics} (exact topics, or {@code *}).
   *
   * @throws IllegalStateException if {@link #issuer} or {@link #audience} is not set
   */
  public String subscriber(String subject, String... topics) {
    return sign("at+jwt", claims(nonEmpty(subject, "subject"), detail("subscribe", topics)));
  }

  /** A draft-08 token ({@code mercure.publish}) that may publish on {@code topics}. */
  public String legacyPublisher(String... topics) {
    return sign("JWT", legacyClaims(null, "publish", topics));
  }

  /** A draft-08 token ({@code mercure.subscribe}) that may receive private updates of {@code topics}. */
  public String legacySubscriber(String... topics) {
    return sign("JWT", legacyClaims(null, "subscribe", topics));
  }

  /** {@link #legacySubscriber(String...)} with a {@code sub} claim naming the subscriber. */
  public String legacySubscriber(String subject, List<String> topics) {
    return sign("JWT", legacyClaims(nonEmpty(subject, "subject"), "subscribe", topics.toArray(new String[0])));
  }

  private Map<String, Object> claims(String subject, Map<String, Object> detail) {
    Instant now = clock.instant();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", require(issuer, "issuer"));
    c.put("aud", require(audience, "audience"));
    c.put("sub", subject);
    c.put("client_id", clientId != null ? clientId : issuer);
    c.put("iat", now.getEpochSecond());
    c.put("exp", now.plus(ttl).getEpochSecond());
    c.put("jti", UUID.randomUUID().toString());
    c.put("authorization_details", List.of(detail));
    return c;
  }

  private static Map<String, Object> detail(String action, String... topics) {
    List<Object> matchers = new ArrayList<>();
    for (String topic : checked(topics)) {
      matchers.add(Map.of("match", topic));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", AUTHORIZATION_DETAIL_TYPE);
    d.put("actions", List.of(action));
    d.put("topics", matchers);
    return d;
  }

  private Map<String, Object> legacyClaims(String subject, String action, String... topics) {
    Instant now = clock.instant();
    Map<String, Object> c = new LinkedHashMap<>();
    if (issuer != null) {
      c.put("iss", issuer);
    }
    if (audience != null) {
      c.put("aud", audience);
    }
    if (subject != null) {
      c.put("sub", subject);
    }
    c.put("iat", now.getEpochSecond());
    c.put("exp", now.plus(ttl).getEpochSecond());
    c.put("mercure", Map.of(action, checked(topics)));
    return c;
  }

  private String sign(String type, Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("typ", type);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(Json.write(header).getBytes(UTF_8)) + "."
        + b64.encodeToString(Json.write(claims).getBytes(UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256 (Mac's Javadoc); this cannot happen.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static List<String> checked(String... topics) {
    if (topics.length == 0) {
      throw new IllegalArgumentException("no topics: name at least one, or \"*\" for all");
    }
    for (String topic : topics) {
      nonEmpty(topic, "topic");
    }
    return List.of(topics);
  }

  private static String require(String value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " not set: Mercure 1.0 tokens need iss and aud "
          + "(or use the legacy... methods for a draft-08 hub or one in compatibility mode 8)");
    }
    return value;
  }

  private static String nonEmpty(String value, String name) {
    requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return value;
  }
}
