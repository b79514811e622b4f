package dev.sluice.server;

import dev.sluice.server.internal.SelfSignedCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key and certificate chain for HTTPS. With TLS the server offers HTTP/2 and HTTP/1.1 by ALPN.
 *
 * <p>Immutable.
 */
public final class TlsConfig {
  private final PrivateKey privateKey;
  private final List<X509Certificate> certificateChain;

  private TlsConfig(PrivateKey privateKey, List<X509Certificate> certificateChain) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    if (certificateChain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
    this.certificateChain = List.copyOf(certificateChain);
  }

  /** A key and its certificate chain, leaf first. */
  public static TlsConfig of(PrivateKey privateKey, List<X509Certificate> certificateChain) {
    return new TlsConfig(privateKey, certificateChain);
  }

  /**
   * Reads a PEM certificate chain and an unencrypted PKCS#8 PEM private key, as issued by most CAs
   * and by {@code openssl}.
   *
   * @throws UncheckedIOException if a file cannot be read or parsed
   */
  public static TlsConfig fromPem(Path certificateChain, Path privateKey) {
    try {
      return SelfSignedCertificates.readPem(certificateChain, privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS key or certificates: " + e.getMessage(), e);
    }
  }

  /**
   * A fresh EC P-256 key and a certificate for {@code localhost} and {@code 127.0.0.1}, valid for 30
   * days: for development only. Browsers and clients must be told to trust
   * {@link #certificateChain()}.
   *
   * <p>It is made by the JDK's own {@code keytool} in a temporary directory (then deleted), because
   * the JDK has no public API to sign a certificate and we add no cryptography library.
   *
   * @throws UncheckedIOException if {@code keytool} is missing or fails
   */
  public static TlsConfig selfSigned() {
    return SelfSignedCertificates.generate();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The certificate chain, leaf first. */
  public List<X509Certificate> certificateChain() {
    return certificateChain;
  }
}
