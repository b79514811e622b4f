package dev.sluice.spring;

import dev.sluice.publisher.Tokens;
import java.util.function.Supplier;

/**
 * The tokens the application sends to the hub, from {@link SluiceProperties}: fixed ones, or
 * minted from the shared secret for every request (minting is one HMAC, so nothing is cached and
 * nothing expires in the application's hands). Immutable and thread-safe.
 */
public final class HubTokens {
  private final Supplier<String> publisher; // Returns null: no token.
  private final Supplier<String> subscriber; // Returns null: no token.

  private HubTokens(Supplier<String> publisher, Supplier<String> subscriber) {
    this.publisher = publisher;
    this.subscriber = subscriber;
  }

  /**
   * @throws IllegalArgumentException if the secret is too short, or the 1.0 format lacks issuer or
   *     audience (checked here, at startup, not at the first publish)
   */
  static HubTokens from(SluiceProperties properties) {
    SluiceProperties.Jwt jwt = properties.getJwt();
    Tokens minter = null;
    if (hasText(jwt.getSecret())) {
      minter = Tokens.hs256(jwt.getSecret()).ttl(jwt.getTtl());
      if (jwt.getFormat() == SluiceProperties.TokenFormat.MERCURE_1_0) {
        String audience = hasText(jwt.getAudience()) ? jwt.getAudience()
            : properties.getHub().getUrl() == null ? null : properties.getHub().getUrl().toString();
        if (!hasText(jwt.getIssuer()) || !hasText(audience)) {
          throw new IllegalArgumentException("Mercure 1.0 tokens need sluice.jwt.issuer (the hub's"
              + " trusted issuer) and sluice.jwt.audience or sluice.hub.url; for a hub in"
              + " compatibility mode 8 set sluice.jwt.format=DRAFT_08");
        }
        minter = minter.issuer(jwt.getIssuer()).audience(audience);
      }
    }
    boolean legacy = jwt.getFormat() == SluiceProperties.TokenFormat.DRAFT_08;
    Tokens m = minter;
    Supplier<String> publisher = fixedOrMinted(properties.getPublisher().getToken(), m == null ? null
        : legacy ? () -> m.legacyPublisher("*") : () -> m.publisher("*"));
    Supplier<String> subscriber = fixedOrMinted(properties.getSse().getSubscriberToken(), m == null ? null
        : legacy ? () -> m.legacySubscriber("*") : () -> m.subscriber("sluice-spring-backplane", "*"));
    return new HubTokens(publisher, subscriber);
  }

  private static Supplier<String> fixedOrMinted(String fixed, Supplier<String> minted) {
    if (hasText(fixed)) {
      return () -> fixed;
    }
    return minted != null ? minted : () -> null;
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  /** The token for publishing, or null if none is configured. */
  public String publisherToken() {
    return publisher.get();
  }

  /** The token the backplane subscribes with (for private updates), or null if none is configured. */
  public String subscriberToken() {
    return subscriber.get();
  }
}
