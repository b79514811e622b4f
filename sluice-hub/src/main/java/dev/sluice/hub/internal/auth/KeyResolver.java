package dev.sluice.hub.internal.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import java.util.List;
import java.util.Set;

/**
 * Finds the keys that may verify a token. The key is chosen from trusted configuration by the
 * token's {@code alg} and {@code kid} only; a token can never bring its own key.
 */
public interface KeyResolver {
  /** The algorithms this source can verify: the allowlist a token's {@code alg} must be on. */
  Set<JWSAlgorithm> algorithms();

  /**
   * Verifiers pinned to {@code header}'s algorithm and, when the header names one, its key id.
   * Empty when no configured key fits.
   *
   * @throws TokenRejectedException with {@code KEYS_UNAVAILABLE} when keys cannot be loaded
   */
  List<JWSVerifier> verifiersFor(JWSHeader header);

  /** True when {@link #verifiersFor} may block on the network (a JWKS fetch). */
  boolean mayBlock();

  /** Loads remote keys now, if any; a no-op for static keys. */
  default void refresh() {}
}
