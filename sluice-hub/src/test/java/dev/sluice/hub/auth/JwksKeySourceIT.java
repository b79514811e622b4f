package dev.sluice.hub.auth;

import dev.sluice.server.testing.FakeClock;
import dev.sluice.hub.internal.auth.AuthRequest;
import dev.sluice.hub.internal.auth.AuthorizationException;
import dev.sluice.hub.internal.auth.Authorizer;
import dev.sluice.hub.internal.auth.Grant;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS keys served by a real HTTP server on a loopback port. */
class JwksKeySourceIT {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final FakeClock clock = new FakeClock(NOW);
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean stall;
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      try {
        if (stall) {
          release.await(10, TimeUnit.SECONDS);
        }
        byte[] bytes = body.get().getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
        exchange.sendResponseHeaders(status.get(), bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.io.IOException e) {
        // The client gave up (timeout or size limit): nothing to answer.
      } finally {
        exchange.close();
      }
    });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private static JWK rsa(KeyPair pair, String kid) {
    return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
  }

  private static JWK ec(KeyPair pair, String kid) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).build();
  }

  private void serve(JWK... keys) {
    body.set(new JWKSet(List.of(keys)).toString());
  }

  private Authorizer authorizer(JwksOptions.Builder options) {
    return Authorizer.create(TestKeys.strict(KeySource.jwks(options.clock(clock).build())).clock(clock)
        .build());
  }

  private JwksOptions.Builder options() {
    return JwksOptions.builder(uri).ttl(Duration.ofMinutes(5)).minRefetchInterval(Duration.ofSeconds(30));
  }

  private static String rsToken(KeyPair pair, String kid) {
    return TokenMinter.rs256(TestKeys.privatePem(pair), kid).mint(
        TestKeys.spec().subscribe("*").expiresAt(NOW.plus(Duration.ofHours(2))).build());
  }

  private static Grant subscribe(Authorizer authorizer, String token) {
    return authorizer.authorizeSubscribe(AuthRequest.builder().bearer(token).build());
  }

  private static Reason refusal(Authorizer authorizer, String token) {
    try {
      subscribe(authorizer, token);
    } catch (AuthorizationException e) {
      return e.reason();
    }
    throw new AssertionError("token was accepted");
  }

  @Test
  void verifiesEdDsaTokensWithAnOkpKey() throws Exception {
    KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = ed.getPublic().getEncoded();
    byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    serve(new com.nimbusds.jose.jwk.OctetKeyPair.Builder(Curve.Ed25519, com.nimbusds.jose.util.Base64URL.encode(x))
        .keyID("ed1").keyUse(KeyUse.SIGNATURE).build());
    Authorizer authorizer = authorizer(options());
    String token = TokenMinter.of("EdDSA", TestKeys.privatePem(ed), "ed1").mint(
        TestKeys.spec().subscribe("*").expiresAt(NOW.plusSeconds(60)).build());
    assertThat(subscribe(authorizer, token)).isNotNull();
    KeyPair other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThat(refusal(authorizer, TokenMinter.of("EdDSA", TestKeys.privatePem(other), "ed1").mint(
        TestKeys.spec().subscribe("*").expiresAt(NOW.plusSeconds(60)).build()))).isEqualTo(Reason.SIGNATURE_INVALID);
  }

  @Test
  void verifiesWithFetchedKeysAndServesLaterTokensFromTheCache() {
    serve(rsa(TestKeys.RSA, "k1"), ec(TestKeys.EC, "e1"));
    Authorizer authorizer = authorizer(options());
    assertThat(authorizer.mayBlock()).isTrue();

    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA, "k1"))).isNotNull();
    assertThat(subscribe(authorizer, TokenMinter.es256(TestKeys.privatePem(TestKeys.EC), "e1").mint(
        TestKeys.spec().subscribe("*").expiresAt(NOW.plusSeconds(60)).build()))).isNotNull();
    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA, null))).isNotNull();
    assertThat(fetches).hasValue(1);
  }

  @Test
  void refetchesWhenATokenNamesAnUnknownKidAfterRotation() {
    serve(rsa(TestKeys.RSA, "k1"));
    Authorizer authorizer = authorizer(options());
    authorizer.refreshKeys();
    clock.advance(Duration.ofMinutes(1));
    serve(rsa(TestKeys.RSA, "k1"), rsa(TestKeys.RSA_OTHER, "k2"));

    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA_OTHER, "k2"))).isNotNull();
    assertThat(fetches).hasValue(2);
  }

  @Test
  void boundsRefetchesTriggeredByMadeUpKids() {
    serve(rsa(TestKeys.RSA, "k1"));
    Authorizer authorizer = authorizer(options());
    authorizer.refreshKeys();
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 20; i++) {
      assertThat(refusal(authorizer, rsToken(TestKeys.RSA, "made-up-" + i))).isEqualTo(Reason.KEY_UNKNOWN);
    }
    assertThat(fetches).hasValue(2); // The first unknown kid refetched; the rest waited their turn.
    clock.advance(Duration.ofSeconds(31));
    refusal(authorizer, rsToken(TestKeys.RSA, "made-up-again"));
    assertThat(fetches).hasValue(3);
  }

  @Test
  void refreshesAfterTheTtlAndDropsRemovedKeys() {
    serve(rsa(TestKeys.RSA, "k1"));
    Authorizer authorizer = authorizer(options());
    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA, "k1"))).isNotNull();
    serve(rsa(TestKeys.RSA_OTHER, "k2"));
    clock.advance(Duration.ofMinutes(6));
    assertThat(refusal(authorizer, rsToken(TestKeys.RSA, "k1"))).isEqualTo(Reason.KEY_UNKNOWN);
    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA_OTHER, "k2"))).isNotNull();
  }

  @Test
  void keepsTheLastGoodKeysWhileTheServerFails() {
    serve(rsa(TestKeys.RSA, "k1"));
    Authorizer authorizer = authorizer(options());
    authorizer.refreshKeys();
    status.set(500);
    clock.advance(Duration.ofMinutes(6));
    assertThat(subscribe(authorizer, rsToken(TestKeys.RSA, "k1"))).isNotNull();
    assertThat(fetches).hasValue(2);
  }

  @Test
  void refusesAnOversizedKeySetAs503() {
    body.set("{\"keys\":[],\"padding\":\"" + "x".repeat(300 * 1024) + "\"}");
    Authorizer authorizer = authorizer(options());
    AuthorizationException e = refusalException(authorizer, rsToken(TestKeys.RSA, "k1"));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(e.wwwAuthenticate()).isEmpty();
  }

  @Test
  void givesUpOnAStalledServerAfterTheTimeout() {
    serve(rsa(TestKeys.RSA, "k1"));
    stall = true;
    Authorizer authorizer = authorizer(options().timeout(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThat(refusal(authorizer, rsToken(TestKeys.RSA, "k1"))).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void ignoresSymmetricAndEncryptionKeysInTheSet() {
    byte[] secret = TestKeys.SECRET.getBytes(UTF_8);
    serve(new OctetSequenceKey.Builder(secret).keyID("h1").build(),
        new RSAKey.Builder((RSAPublicKey) TestKeys.RSA.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build());
    Authorizer authorizer = authorizer(options());
    String hs = TokenMinter.hs256(secret, "h1").mint(
        TestKeys.spec().subscribe("*").expiresAt(NOW.plusSeconds(60)).build());
    assertThat(refusal(authorizer, hs)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    assertThat(refusal(authorizer, rsToken(TestKeys.RSA, "enc"))).isEqualTo(Reason.KEY_UNKNOWN);
  }

  private static AuthorizationException refusalException(Authorizer authorizer, String token) {
    try {
      subscribe(authorizer, token);
    } catch (AuthorizationException e) {
      return e;
    }
    throw new AssertionError("token was accepted");
  }
}
