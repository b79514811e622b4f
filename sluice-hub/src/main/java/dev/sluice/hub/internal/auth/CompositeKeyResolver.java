package dev.sluice.hub.internal.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Several key sources tried in order, e.g. an old and a new key during rotation. Immutable. */
public final class CompositeKeyResolver implements KeyResolver {
  private final List<KeyResolver> parts;
  private final Set<JWSAlgorithm> algorithms;

  public CompositeKeyResolver(List<KeyResolver> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no key sources");
    }
    this.parts = List.copyOf(parts);
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    parts.forEach(p -> algs.addAll(p.algorithms()));
    this.algorithms = Set.copyOf(algs);
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header) {
    List<JWSVerifier> out = new ArrayList<>();
    TokenRejectedException unavailable = null;
    for (KeyResolver part : parts) {
      try {
        out.addAll(part.verifiersFor(header));
      } catch (TokenRejectedException e) {
        unavailable = e; // Another source may still hold the key.
      }
    }
    if (out.isEmpty() && unavailable != null) {
      throw unavailable;
    }
    return out;
  }

  @Override
  public boolean mayBlock() {
    return parts.stream().anyMatch(KeyResolver::mayBlock);
  }

  @Override
  public void refresh() {
    parts.forEach(KeyResolver::refresh);
  }
}
