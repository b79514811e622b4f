package dev.sluice.test;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.Tokens;
import java.net.URI;

/**
 * A real Sluice hub running for a test: its URL, the key it trusts, and ready-made tokens and
 * publishers. Handed to test methods and lifecycle methods by {@link SluiceHubExtension}.
 * Thread-safe.
 *
 * <p>The hub keeps its history in memory, accepts anonymous subscribers (private updates still
 * need a subscriber token), and trusts one HS256 secret for publishers and subscribers.
 */
public final class TestHub {
  private final URI url;
  private final String secret;

  TestHub(URI url, String secret) {
    this.url = url;
    this.secret = secret;
  }

  /** The hub's Mercure endpoint, {@code http://127.0.0.1:<port>/.well-known/mercure}. */
  public URI url() {
    return url;
  }

  /** The hub's origin, {@code http://127.0.0.1:<port>}: where {@code /healthz} and {@code /metrics} are. */
  public URI origin() {
    return url.resolve("/");
  }

  /** The HS256 secret the hub trusts for publisher and subscriber tokens. */
  public String secret() {
    return secret;
  }

  /**
   * Mints tokens the hub accepts. Sluice's hub reads draft-08 tokens today, so use {@link
   * Tokens#legacyPublisher} and {@link Tokens#legacySubscriber}.
   */
  public Tokens tokens() {
    return Tokens.hs256(secret);
  }

  /** A token that may publish on every topic. */
  public String publisherToken() {
    return tokens().legacyPublisher("*");
  }

  /** A token that may receive private updates of every topic. */
  public String subscriberToken() {
    return tokens().legacySubscriber("*");
  }

  /** A publisher to this hub that may publish on every topic. */
  public HubPublisher publisher() {
    return HubPublisher.builder(url).token(publisherToken()).build();
  }

  /**
   * Subscribes to {@code topic} with {@link #subscriberToken()} (so private updates arrive too) and
   * returns once the hub has taken the subscription: what is published after this returns is
   * received. Close it when done.
   *
   * @throws AssertionError if the subscription does not open within 30 s
   */
  public TestSubscriber subscribe(String topic) throws InterruptedException {
    return TestSubscriber.open(this, topic);
  }

  @Override
  public String toString() {
    return "TestHub{" + url + "}"; // Not the secret: toString() ends up in test reports.
  }
}
