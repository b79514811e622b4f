package dev.sluice.hub.internal.auth;

import dev.sluice.hub.internal.selector.TopicMatcher;
import dev.sluice.hub.spi.Update;
import java.time.Instant;
import java.util.Optional;

/**
 * What one subscriber's token allows, as the dispatcher needs it: checked for every private update,
 * live and replayed.
 */
public interface SubscriberAccess {
  /** Anonymous: no private update, no expiry. */
  SubscriberAccess ANONYMOUS = new SubscriberAccess() {
    @Override
    public boolean maySubscribe(String topic) {
      return false;
    }

    @Override
    public Optional<Instant> expiresAt() {
      return Optional.empty();
    }

    @Override
    public Optional<String> subject() {
      return Optional.empty();
    }
  };

  /** Whether the token grants {@code subscribe} on {@code topic}: needed for private updates. */
  boolean maySubscribe(String topic);

  /** Whether the token grants reading this private update: subscribe on one of its topics. */
  default boolean mayReceivePrivate(Update update) {
    for (String topic : update.topics()) {
      if (maySubscribe(topic)) {
        return true;
      }
    }
    return false;
  }

  /** When the token expires; the stream is closed then. */
  Optional<Instant> expiresAt();

  /** The token's {@code sub}, used as the subscriber id when present. */
  Optional<String> subject();

  /** The {@code payload} the token attaches to a subscription with this matcher, as JSON. */
  default Optional<String> payloadJson(TopicMatcher matcher) {
    return Optional.empty();
  }

  /** Whether the subscriber may receive {@code update}: public, or private and granted. */
  default boolean mayReceive(Update update) {
    return !update.isPrivate() || mayReceivePrivate(update);
  }
}
