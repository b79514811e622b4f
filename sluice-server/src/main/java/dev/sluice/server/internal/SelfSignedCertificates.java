package dev.sluice.server.internal;

import dev.sluice.server.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Makes development certificates with the JDK's keytool, and reads PEM files. */
public final class SelfSignedCertificates {
  private SelfSignedCertificates() {}

  public static TlsConfig generate() {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public static TlsConfig readPem(Path certificateChain, Path privateKey) throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
