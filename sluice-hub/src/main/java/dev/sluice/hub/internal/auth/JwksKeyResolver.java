package dev.sluice.hub.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import dev.sluice.hub.auth.JwksOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keys from a JWK Set URL, cached with a TTL and refetched when a token names an unknown {@code kid}.
 * Thread-safe: readers see an immutable snapshot; one thread at a time fetches.
 */
public final class JwksKeyResolver implements KeyResolver {
  private static final System.Logger LOG = System.getLogger(JwksKeyResolver.class.getName());

  private final JwksOptions options;
  private final JwksFetcher fetcher;
  private final ReentrantLock fetchLock = new ReentrantLock();
  // Written under fetchLock, read without it.
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /** One fetched key, pinned to the algorithm it may verify. */
  private record Entry(String keyId, JWSAlgorithm algorithm, JWSVerifier verifier) {}

  /** The cache: keys from the last good fetch, when that was, and when we last tried. */
  private record Snapshot(List<Entry> entries, Instant fetchedAt, Instant attemptedAt) {
    static final Snapshot EMPTY = new Snapshot(List.of(), null, null);
  }

  public JwksKeyResolver(JwksOptions options) {
    this.options = options;
    this.fetcher = new JwksFetcher(options.uri(), options.timeout(), options.maxBytes());
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return options.algorithms();
  }

  @Override
  public boolean mayBlock() {
    return true;
  }

  @Override
  public void refresh() {
    fetch(null);
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header) {
    if (!options.algorithms().contains(header.getAlgorithm())) {
      return List.of();
    }
    Snapshot snap = snapshot;
    Instant now = options.clock().instant();
    if (snap.fetchedAt == null || !now.isBefore(snap.fetchedAt.plus(options.ttl()))) {
      snap = fetchIfAllowed(snap, now);
    }
    List<JWSVerifier> found = select(snap, header);
    if (found.isEmpty() && header.getKeyID() != null) {
      // An unknown kid usually means the issuer rotated keys since our last fetch.
      found = select(fetchIfAllowed(snap, now), header);
    }
    if (found.isEmpty() && snapshot.fetchedAt == null) {
      throw new TokenRejectedException(Reason.KEYS_UNAVAILABLE);
    }
    return found;
  }

  private Snapshot fetchIfAllowed(Snapshot seen, Instant now) {
    Instant last = seen.attemptedAt;
    if (last != null && now.isBefore(last.plus(options.minRefetchInterval()))) {
      return seen;
    }
    return fetch(seen);
  }

  /** Fetches unless another thread did so while we waited for the lock. */
  private Snapshot fetch(Snapshot seen) {
    fetchLock.lock();
    try {
      Snapshot current = snapshot;
      if (seen != null && current != seen) {
        return current;
      }
      Instant now = options.clock().instant();
      try {
        List<Entry> entries = entries(JWKSet.parse(fetcher.fetch()));
        snapshot = new Snapshot(entries, now, now);
      } catch (Exception e) {
        // Keep serving the last good keys: an outage of the key server must not log everyone out.
        LOG.log(System.Logger.Level.WARNING, "JWKS fetch from " + options.uri() + " failed: " + e);
        snapshot = new Snapshot(current.entries, current.fetchedAt, now);
      }
      return snapshot;
    } finally {
      fetchLock.unlock();
    }
  }

  private static List<JWSVerifier> select(Snapshot snap, JWSHeader header) {
    List<JWSVerifier> out = new ArrayList<>();
    String kid = header.getKeyID();
    for (Entry e : snap.entries) {
      if (e.algorithm.equals(header.getAlgorithm()) && (kid == null || Objects.equals(kid, e.keyId))) {
        out.add(e.verifier);
      }
    }
    return out;
  }

  private List<Entry> entries(JWKSet set) throws JOSEException {
    List<Entry> out = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      JWSAlgorithm alg = algorithmOf(jwk);
      if (alg == null || !options.algorithms().contains(alg)) {
        continue;
      }
      if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(alg)) {
        continue; // The key is pinned to some other algorithm.
      }
      out.add(new Entry(jwk.getKeyID(), alg, verifierOf(jwk, alg)));
    }
    return List.copyOf(out);
  }

  private static JWSAlgorithm algorithmOf(JWK jwk) {
    if (jwk instanceof RSAKey rsa && rsa.size() >= PemKeys.MIN_RSA_BITS) {
      return JWSAlgorithm.RS256;
    }
    if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      return JWSAlgorithm.ES256;
    }
    if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return JWSAlgorithm.EdDSA;
    }
    return null;
  }

  /** RFC 8410's X.509 prefix of an Ed25519 public key, before its 32 bytes. */
  private static final byte[] ED25519_SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  /** The JDK key of an OKP JWK (nimbus converts OKP keys only through Tink, which is not here). */
  private static java.security.PublicKey ed25519(OctetKeyPair okp) throws JOSEException {
    byte[] x = okp.getDecodedX();
    if (x.length != 32) {
      throw new JOSEException("Ed25519 key is not 32 bytes");
    }
    byte[] der = java.util.Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
    System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, 32);
    try {
      return java.security.KeyFactory.getInstance("Ed25519")
          .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
    } catch (java.security.GeneralSecurityException e) {
      throw new JOSEException("unusable Ed25519 key", e);
    }
  }

  private static JWSVerifier verifierOf(JWK jwk, JWSAlgorithm alg) throws JOSEException {
    if (alg.equals(JWSAlgorithm.EdDSA)) {
      return new Ed25519Verifier(ed25519(jwk.toOctetKeyPair()));
    }
    return alg.equals(JWSAlgorithm.RS256)
        ? new RSASSAVerifier(jwk.toRSAKey().toRSAPublicKey())
        : new ECDSAVerifier(jwk.toECKey().toECPublicKey());
  }
}
