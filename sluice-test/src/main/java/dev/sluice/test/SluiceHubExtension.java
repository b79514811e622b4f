package dev.sluice.test;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a real Sluice hub on a free loopback port for a test class and hands it to any test,
 * {@code @BeforeAll} or constructor parameter of type {@link TestHub}.
 *
 * <pre>{@code
 * @ExtendWith(SluiceHubExtension.class)
 * class BookUpdatesTest {
 *   @Test
 *   void publishes(TestHub hub) {
 *     String id = hub.publisher().publish(Update.of("https://example.com/books/1", "{}"));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>One hub per test class: it starts when first asked for, with a fresh random secret and an
 * in-memory history, and stops when the class's tests are done (through JUnit's store, so also
 * when a test fails). Nested classes share their outer class's hub.
 *
 * <p>The hub's Java API is changing; this extension uses only {@code Hub.create(HubConfig)},
 * {@code start()}, {@code port()} and {@code close()}, and the {@code HubConfig} / {@code
 * AuthConfig} builders' port, bind, store, keys and anonymous-subscriber settings.
 */
public final class SluiceHubExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SluiceHubExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestHub.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = outermostClassContext(context);
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunningHub.class, key -> RunningHub.start(), RunningHub.class)
        .testHub;
  }

  private static ExtensionContext outermostClassContext(ExtensionContext context) {
    ExtensionContext outermost = null;
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getTestClass().isPresent() && c.getTestMethod().isEmpty()) {
        outermost = c;
      }
    }
    if (outermost == null) {
      throw new ParameterResolutionException("TestHub can only be resolved inside a test class");
    }
    return outermost;
  }

  /** The hub and what tests see of it; JUnit closes AutoCloseable store values when their context ends. */
  private static final class RunningHub implements AutoCloseable {
    final Hub hub;
    final TestHub testHub;

    private RunningHub(Hub hub, TestHub testHub) {
      this.hub = hub;
      this.testHub = testHub;
    }

    static RunningHub start() {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = "sluice-test-" + HexFormat.of().formatHex(random);
      HubConfig config = HubConfig.builder()
          .port(0)
          .bindAddress("127.0.0.1")
          .store(HubConfig.Store.MEMORY)
          .auth(AuthConfig.builder().keys(KeySource.hs256(secret)).issuer(TestHub.ISSUER)
              .audience(TestHub.AUDIENCE).anonymousSubscribers(true).build())
          .build();
      Hub hub = Hub.create(config).start();
      URI url = URI.create("http://127.0.0.1:" + hub.port() + "/.well-known/mercure");
      return new RunningHub(hub, new TestHub(url, secret));
    }

    @Override
    public void close() {
      hub.close();
    }
  }
}
