package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a token to mint. Permissions go into Mercure 1.0's {@code authorization_details}
 * (type {@value #DETAIL_TYPE}) by default, or into the pre-1.0 {@code mercure} claim with
 * {@link Builder#legacyClaim()} (for hubs in compatibility mode 8, or older hubs). A 1.0 hub also
 * needs {@code iss}, {@code aud} and {@code exp}; RFC 9068 asks issuers for {@code sub},
 * {@code client_id}, {@code iat} and {@code jti} too. Immutable.
 */
public final class TokenSpec {
  /** The Mercure 1.0 authorization detail type. */
  public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

  private final Map<String, Object> claims;

  private TokenSpec(Map<String, Object> claims) {
    this.claims = claims;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The claim set as JSON-ready maps and lists (a fresh copy). */
  Map<String, Object> claims() {
    return new LinkedHashMap<>(claims);
  }

  public static final class Builder {
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private List<String> publish; // Null: no publish permission.
    private List<String> subscribe; // Null: no subscribe permission.
    private final List<String> publishPatterns = new ArrayList<>();
    private final List<String> subscribePatterns = new ArrayList<>();
    private String clientId;
    private String jwtId;
    private Map<String, Object> payload;
    private boolean legacy;
    private String subject;
    private List<String> audience = List.of();
    private String issuer;
    private Instant expiresAt;
    private Instant issuedAt;

    private Builder() {}

    /** Exact topics (or {@code *}) the token may publish on; {@code publish()} grants an empty list. */
    public Builder publish(String... selectors) {
      this.publish = List.copyOf(Arrays.asList(selectors));
      return this;
    }

    /** Exact topics (or {@code *}) the token may read private updates of. */
    public Builder subscribe(String... selectors) {
      this.subscribe = List.copyOf(Arrays.asList(selectors));
      return this;
    }

    /** URL patterns (Mercure 1.0 {@code match_type: urlpattern}) the token may publish on. */
    public Builder publishUrlPattern(String... patterns) {
      publishPatterns.addAll(Arrays.asList(patterns));
      return this;
    }

    /** URL patterns the token may read private updates of. */
    public Builder subscribeUrlPattern(String... patterns) {
      subscribePatterns.addAll(Arrays.asList(patterns));
      return this;
    }

    /** The {@code client_id} claim (RFC 9068). */
    public Builder clientId(String clientId) {
      this.clientId = requireNonNull(clientId, "clientId");
      return this;
    }

    /** The {@code jti} claim (RFC 9068), unique per token. */
    public Builder jwtId(String jwtId) {
      this.jwtId = requireNonNull(jwtId, "jwtId");
      return this;
    }

    /** A payload for the subscriber's subscriptions (a JSON object as a map). */
    public Builder payload(Map<String, Object> payload) {
      this.payload = new LinkedHashMap<>(requireNonNull(payload, "payload"));
      return this;
    }

    /** Write the pre-1.0 {@code mercure} claim instead of {@code authorization_details} (exact topics only). */
    public Builder legacyClaim() {
      this.legacy = true;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = requireNonNull(subject, "subject");
      return this;
    }

    public Builder audience(String... audience) {
      this.audience = List.of(audience);
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = requireNonNull(issuer, "issuer");
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = requireNonNull(issuedAt, "issuedAt");
      return this;
    }

    /** Any other claim, e.g. {@code nbf} as epoch seconds, or a hand-made {@code authorization_details}. */
    public Builder claim(String name, Object value) {
      extra.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    public TokenSpec build() {
      Map<String, Object> c = new LinkedHashMap<>();
      if (subject != null) {
        c.put("sub", subject);
      }
      if (issuer != null) {
        c.put("iss", issuer);
      }
      if (!audience.isEmpty()) {
        c.put("aud", audience.size() == 1 ? audience.get(0) : audience);
      }
      if (clientId != null) {
        c.put("client_id", clientId);
      }
      if (issuedAt != null) {
        c.put("iat", issuedAt.getEpochSecond());
      }
      if (expiresAt != null) {
        c.put("exp", expiresAt.getEpochSecond());
      }
      if (jwtId != null) {
        c.put("jti", jwtId);
      }
      if (legacy) {
        if (!publishPatterns.isEmpty() || !subscribePatterns.isEmpty()) {
          throw new IllegalStateException("the pre-1.0 mercure claim has no URL patterns");
        }
        Map<String, Object> mercure = new LinkedHashMap<>();
        if (publish != null) {
          mercure.put("publish", publish);
        }
        if (subscribe != null) {
          mercure.put("subscribe", subscribe);
        }
        if (payload != null) {
          mercure.put("payload", payload);
        }
        c.put("mercure", mercure);
      } else if (publish != null || subscribe != null
          || !publishPatterns.isEmpty() || !subscribePatterns.isEmpty()) {
        c.put("authorization_details", details());
      }
      c.putAll(extra);
      return new TokenSpec(c);
    }

    private List<Object> details() {
      List<Object> details = new ArrayList<>();
      List<Object> pub = matchers(publish, publishPatterns);
      if (!pub.isEmpty()) {
        details.add(detail("publish", pub, null));
      }
      List<Object> sub = matchers(subscribe, subscribePatterns);
      if (!sub.isEmpty()) {
        details.add(detail("subscribe", sub, payload));
      }
      return details;
    }

    private static List<Object> matchers(List<String> exact, List<String> patterns) {
      List<Object> out = new ArrayList<>();
      if (exact != null) {
        exact.forEach(t -> out.add(Map.of("match", t)));
      }
      patterns.forEach(p -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("match", p);
        m.put("match_type", "urlpattern");
        out.add(m);
      });
      return out;
    }

    private static Map<String, Object> detail(String action, List<Object> matchers, Map<String, Object> payload) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", DETAIL_TYPE);
      d.put("actions", List.of(action));
      d.put("topics", matchers);
      if (payload != null) {
        d.put("payload", payload);
      }
      return d;
    }
  }
}
