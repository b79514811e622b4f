package dev.sluice.hub.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * How a JWKS ({@code jwks_uri}) is fetched and cached. Immutable.
 *
 * <p>Keys are cached for {@link #ttl()}. A token whose {@code kid} is not in the cache triggers a
 * refetch, at most once per {@link #minRefetchInterval()}, so a stream of made-up key ids cannot turn
 * the hub into a request amplifier. When a refresh fails, the last good key set stays in use.
 */
public final class JwksOptions {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
  /** A JWKS of a few dozen keys is well under this; anything bigger is refused. */
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;

  private final URI uri;
  private final Duration ttl;
  private final Duration timeout;
  private final Duration minRefetchInterval;
  private final int maxBytes;
  private final Set<JWSAlgorithm> algorithms;
  private final Clock clock;

  private JwksOptions(Builder b) {
    this.uri = b.uri;
    this.ttl = b.ttl;
    this.timeout = b.timeout;
    this.minRefetchInterval = b.minRefetchInterval;
    this.maxBytes = b.maxBytes;
    this.algorithms = b.algorithms;
    this.clock = b.clock;
  }

  /** @param uri an {@code http} or {@code https} URL of a JWK Set */
  public static Builder builder(URI uri) {
    requireNonNull(uri, "uri");
    return new Builder(uri);
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder newBuilder() {
    Builder b = new Builder(uri);
    b.ttl = ttl;
    b.timeout = timeout;
    b.minRefetchInterval = minRefetchInterval;
    b.maxBytes = maxBytes;
    b.algorithms = algorithms;
    b.clock = clock;
    return b;
  }

  public URI uri() {
    return uri;
  }

  public Duration ttl() {
    return ttl;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration minRefetchInterval() {
    return minRefetchInterval;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /** Accepted algorithms; keys of other types in the set are ignored. Default RS256, ES256 and EdDSA. */
  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  public Clock clock() {
    return clock;
  }

  public static final class Builder {
    private final URI uri;
    private Duration ttl = DEFAULT_TTL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration minRefetchInterval = DEFAULT_MIN_REFETCH_INTERVAL;
    private int maxBytes = DEFAULT_MAX_BYTES;
    private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    private Clock clock = Clock.systemUTC();

    private Builder(URI uri) {
      requireNonNull(uri, "uri");
      String scheme = uri.getScheme();
      if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("JWKS URL must be http or https: " + uri);
      }
      this.uri = uri;
    }

    public Builder ttl(Duration ttl) {
      this.ttl = positive(ttl, "ttl");
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    public Builder minRefetchInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("minRefetchInterval < 0: " + interval);
      }
      this.minRefetchInterval = interval;
      return this;
    }

    public Builder maxBytes(int maxBytes) {
      if (maxBytes < 64) {
        throw new IllegalArgumentException("maxBytes < 64: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Only asymmetric algorithms make sense for a published key set: RS256, ES256, EdDSA (Ed25519). */
    public Builder algorithms(Set<JWSAlgorithm> algorithms) {
      requireNonNull(algorithms, "algorithms");
      for (JWSAlgorithm alg : algorithms) {
        if (!alg.equals(JWSAlgorithm.RS256) && !alg.equals(JWSAlgorithm.ES256)
            && !alg.equals(JWSAlgorithm.EdDSA)) {
          throw new IllegalArgumentException("unsupported JWKS algorithm: " + alg);
        }
      }
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("algorithms is empty");
      }
      this.algorithms = Set.copyOf(algorithms);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public JwksOptions build() {
      return new JwksOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
