package dev.sluice.server.internal;

import dev.sluice.server.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Development certificates and PEM files.
 *
 * <p>Why keytool: the JDK can verify certificates but has no public API to sign one. Netty's
 * {@code SelfSignedCertificate} needs BouncyCastle or the JDK-internal {@code sun.security.x509}
 * classes, which Java 17 hides without {@code --add-exports}. The JDK's own {@code keytool} is
 * always there, so it makes the key and certificate in a temporary PKCS#12 file, read back here
 * through {@link KeyStore}; nothing is added to the dependencies.
 */
public final class SelfSignedCertificates {
  private static final char[] PASSWORD = "sluice-dev".toCharArray();
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private SelfSignedCertificates() {}

  public static TlsConfig generate() {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("sluice-tls");
      Path keystore = directory.resolve("dev.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool");
      Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sluice",
          "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "30",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
          "-storetype", "PKCS12", "-keystore", keystore.toString(),
          "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt")
          .redirectErrorStream(true)
          .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).trim());
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, PASSWORD);
      }
      PrivateKey key = (PrivateKey) store.getKey("sluice", PASSWORD);
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : store.getCertificateChain("sluice")) chain.add((X509Certificate) certificate);
      return TlsConfig.of(key, chain);
    } catch (IOException | GeneralSecurityException e) {
      throw new UncheckedIOException("cannot make a self-signed certificate: " + e.getMessage(),
          e instanceof IOException ? (IOException) e : new IOException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while making a certificate", e));
    } finally {
      deleteQuietly(directory);
    }
  }

  public static TlsConfig readPem(Path certificateChain, Path privateKey) throws IOException {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      try (InputStream in = Files.newInputStream(certificateChain)) {
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          chain.add((X509Certificate) certificate);
        }
      }
      String pem = Files.readString(privateKey, StandardCharsets.US_ASCII);
      int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = pem.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) throw new IOException("expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
      String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
      PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
      return TlsConfig.of(decodeKey(spec), chain);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static PrivateKey decodeKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) return;
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory; the OS cleans it eventually.
    }
  }
}
