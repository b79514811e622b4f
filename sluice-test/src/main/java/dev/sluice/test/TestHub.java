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
 * need a subscriber token), and is a strict Mercure 1.0 hub: it trusts one issuer,
 * {@value #ISSUER}, with one HS256 secret for publishers and subscribers, and its resource
 * identifier (the {@code aud} every token names) is {@value #AUDIENCE}.
 */
public final class TestHub {
  /** The {@code iss} of the test hub's tokens. */
  public static final String ISSUER = "https://sluice-test.invalid";
  /** The test hub's resource identifier: fixed, because its port is only known once it runs. */
  public static final String AUDIENCE = "https://sluice-test.invalid/.well-known/mercure";

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

  /** Mints Mercure 1.0 tokens the hub accepts: issuer {@value #ISSUER}, audience {@value #AUDIENCE}. */
  public Tokens tokens() {
    return Tokens.hs256(secret).issuer(ISSUER).audience(AUDIENCE);
  }

  /** A token that may publish on every topic. */
  public String publisherToken() {
    return tokens().publisher("*");
  }

  /** A token that may receive private updates of every topic. */
  public String subscriberToken() {
    return tokens().subscriber("sluice-test-subscriber", "*");
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
