package dev.sluice.hub.internal.auth;

import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a verified token (or its absence) allows: the result of {@link Authorizer}. Immutable and
 * thread-safe; the engine keeps it with the subscriber for the life of the connection.
 *
 * <h3>Rules</h3>
 * <ul>
 *   <li>Publishing needs a permission with the publish action covering <em>every</em> topic of the
 *       update (Mercure 1.0: a detail granting publish on the topics; pre-1.0: every topic must
 *       match {@code mercure.publish}). A token without such a claim may not publish.
 *   <li>A private update reaches a subscriber only if a permission with the subscribe action covers
 *       <em>at least one</em> of the update's topics. Public updates need no permission.
 *   <li>The {@code *} selector covers every topic of any matcher type.
 * </ul>
 */
public final class Grant {
  private static final Grant ANONYMOUS = new Builder().build();

  private final boolean anonymous;
  private final String subject; // Null when the token has no sub.
  private final Instant expiresAt; // Null when anonymous or the token has no exp.
  private final ClaimStyle claimStyle;
  private final List<Permission> permissions;
  private final String legacyPayloadJson; // Null unless mercure.payload was present.

  private Grant(Builder b) {
    this.anonymous = b.anonymous;
    this.subject = b.subject;
    this.expiresAt = b.expiresAt;
    this.claimStyle = b.claimStyle;
    this.permissions = List.copyOf(b.permissions);
    this.legacyPayloadJson = b.legacyPayloadJson;
  }

  /** Which claim carried the permissions. */
  public enum ClaimStyle {
    /** Mercure 1.0's {@code authorization_details} claim. */
    AUTHORIZATION_DETAILS,
    /** The pre-1.0 {@code mercure} claim (compatibility mode 8 only) ({@code publish}, {@code subscribe}, {@code payload}). */
    MERCURE_CLAIM,
    /** No permission claim at all (or no token). */
    NONE
  }

  /** The grant of a subscriber that presented no token: public updates only. */
  public static Grant anonymous() {
    return ANONYMOUS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.anonymous = anonymous;
    b.subject = subject;
    b.expiresAt = expiresAt;
    b.claimStyle = claimStyle;
    b.permissions.addAll(permissions);
    b.legacyPayloadJson = legacyPayloadJson;
    return b;
  }

  /** True when no token was presented. */
  public boolean isAnonymous() {
    return anonymous;
  }

  /** The token's {@code sub} claim, the basis of the subscriber id in subscription events. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** When the token expires; the hub must close a subscriber's stream no later than this. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public ClaimStyle claimStyle() {
    return claimStyle;
  }

  public List<Permission> permissions() {
    return permissions;
  }

  /** Every selector granted the publish action, in token order. */
  public List<Selector> publishSelectors() {
    return selectors(true);
  }

  /** Every selector granted the subscribe action, in token order. */
  public List<Selector> subscribeSelectors() {
    return selectors(false);
  }

  /** May the holder publish an update carrying all of {@code topics}? */
  public boolean canPublish(Collection<String> topics, SelectorMatcher matcher) {
    requireNonNull(matcher, "matcher");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("topics is empty");
    }
    for (String topic : topics) {
      if (!covered(true, topic, matcher)) {
        return false;
      }
    }
    return true;
  }

  /** May the holder receive a <em>private</em> update carrying {@code topics}? */
  public boolean canReceivePrivate(Collection<String> topics, SelectorMatcher matcher) {
    requireNonNull(matcher, "matcher");
    for (String topic : topics) {
      if (covered(false, topic, matcher)) {
        return true;
      }
    }
    return false;
  }

  /** Is the subscribe action granted on {@code topic}? Used for the subscriptions API URLs. */
  public boolean canSubscribe(String topic, SelectorMatcher matcher) {
    requireNonNull(matcher, "matcher");
    return covered(false, requireNonNull(topic, "topic"), matcher);
  }

  /**
   * The payload to show for a subscription, as a JSON text: that of the first subscribe permission
   * whose selectors match the subscription's own matcher string (treated as a topic), else the
   * earlier drafts' {@code mercure.payload}.
   */
  public Optional<String> payloadFor(String subscriptionMatcher, SelectorMatcher matcher) {
    requireNonNull(matcher, "matcher");
    for (Permission p : permissions) {
      if (p.subscribe() && p.covers(subscriptionMatcher, matcher)) {
        if (p.payloadJson().isPresent()) {
          return p.payloadJson();
        }
        break;
      }
    }
    return Optional.ofNullable(legacyPayloadJson);
  }

  private boolean covered(boolean publish, String topic, SelectorMatcher matcher) {
    for (Permission p : permissions) {
      if ((publish ? p.publish() : p.subscribe()) && p.covers(topic, matcher)) {
        return true;
      }
    }
    return false;
  }

  private List<Selector> selectors(boolean publish) {
    List<Selector> out = new ArrayList<>();
    for (Permission p : permissions) {
      if (publish ? p.publish() : p.subscribe()) {
        out.addAll(p.selectors());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return anonymous
        ? "Grant{anonymous}"
        : "Grant{sub=" + subject + ", exp=" + expiresAt + ", " + claimStyle + ", " + permissions + "}";
  }

  /** Builds a grant; {@link Authorizer} is the usual source, tests and embedders may build their own. */
  public static final class Builder {
    private boolean anonymous = true;
    private String subject;
    private Instant expiresAt;
    private ClaimStyle claimStyle = ClaimStyle.NONE;
    private final List<Permission> permissions = new ArrayList<>();
    private String legacyPayloadJson;

    private Builder() {}

    /** Marks the grant as coming from a verified token. */
    public Builder authenticated() {
      this.anonymous = false;
      return this;
    }

    /** @param subject the {@code sub} claim, or null */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** @param expiresAt the {@code exp} claim, or null */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder claimStyle(ClaimStyle claimStyle) {
      this.claimStyle = requireNonNull(claimStyle, "claimStyle");
      return this;
    }

    public Builder addPermission(Permission permission) {
      permissions.add(requireNonNull(permission, "permission"));
      return this;
    }

    /** @param json the earlier drafts' {@code mercure.payload} as JSON text, or null */
    public Builder legacyPayloadJson(String json) {
      this.legacyPayloadJson = json;
      return this;
    }

    public Grant build() {
      return new Grant(this);
    }
  }
}
