package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a token to mint. Permissions go into the current draft's {@code authorization_details}
 * by default, or into the earlier {@code mercure} claim with {@link Builder#legacyClaim()}.
 * Immutable.
 */
public final class TokenSpec {
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

    /** A payload for the subscriber's subscriptions (a JSON object as a map). */
    public Builder payload(Map<String, Object> payload) {
      this.payload = new LinkedHashMap<>(requireNonNull(payload, "payload"));
      return this;
    }

    /** Write the earlier drafts' {@code mercure} claim instead of {@code authorization_details}. */
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
      if (issuedAt != null) {
        c.put("iat", issuedAt.getEpochSecond());
      }
      if (expiresAt != null) {
        c.put("exp", expiresAt.getEpochSecond());
      }
      if (legacy) {
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
      } else if (publish != null || subscribe != null) {
        c.put("authorization_details", details());
      }
      c.putAll(extra);
      return new TokenSpec(c);
    }

    private List<Object> details() {
      List<Object> details = new ArrayList<>();
      if (publish != null && !publish.isEmpty()) {
        details.add(detail("publish", publish, null));
      }
      if (subscribe != null && !subscribe.isEmpty()) {
        details.add(detail("subscribe", subscribe, payload));
      }
      return details;
    }

    private static Map<String, Object> detail(String action, List<String> topics, Map<String, Object> payload) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "mercure");
      d.put("actions", List.of(action));
      List<Object> matchers = new ArrayList<>();
      topics.forEach(t -> matchers.add(Map.of("match", t)));
      d.put("topics", matchers);
      if (payload != null) {
        d.put("payload", payload);
      }
      return d;
    }
  }
}
