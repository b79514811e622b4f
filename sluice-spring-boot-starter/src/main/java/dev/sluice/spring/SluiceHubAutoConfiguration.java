package dev.sluice.spring;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A Sluice hub inside the application when {@code sluice.hub.enabled=true} (and sluice-hub is on
 * the classpath): started with the context on its own port, stopped gracefully with it. Its
 * {@code sluice.hub.*} meters are registered in the application's {@link MeterRegistry} when there
 * is one, so they appear wherever the application's metrics go ({@code /actuator/prometheus}, …);
 * without one the hub keeps its own and serves it at its {@code /metrics}.
 *
 * <p>The hub trusts {@code sluice.jwt.secret}, the same HS256 secret the starter mints publisher
 * and subscriber tokens from, so the application's publisher and backplane work against it as soon
 * as {@code sluice.hub.url} points at it.
 */
@AutoConfiguration(before = SluiceAutoConfiguration.class,
    afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "dev.sluice.hub.Hub")
@ConditionalOnProperty(prefix = "sluice.hub", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceHubAutoConfiguration {
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Hub sluiceEmbeddedHub(SluiceProperties properties, ObjectProvider<MeterRegistry> registry) {
    Hub.Builder hub = Hub.builder(config(properties));
    MeterRegistry applications = registry.getIfAvailable();
    if (applications != null) {
      hub.meterRegistry(applications);
    }
    return hub.build().start();
  }

  /** The hub's configuration from {@code sluice.hub.*}; a missing or short key fails start-up. */
  static HubConfig config(SluiceProperties properties) {
    SluiceProperties.Hub settings = properties.getHub();
    String secret = properties.getJwt().getSecret();
    if (secret == null || secret.isEmpty()) {
      throw new IllegalStateException("sluice.hub.enabled=true needs sluice.jwt.secret: the embedded hub's "
          + "HS256 key (at least 32 bytes), from which the starter also mints the application's tokens");
    }
    HubConfig.Store store;
    try {
      store = HubConfig.Store.valueOf(settings.getStore().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("sluice.hub.store must be mvstore or memory, not: " + settings.getStore(), e);
    }
    // The hub trusts exactly the tokens the starter mints (HubTokens): the same issuer and audience
    // for Mercure 1.0, or compatibility mode 8 for draft-08 tokens.
    SluiceProperties.Jwt jwt = properties.getJwt();
    AuthConfig.Builder auth = AuthConfig.builder()
        .keys(KeySource.hs256(secret))
        .anonymousSubscribers(settings.isAllowAnonymous());
    HubConfig.Builder hub = HubConfig.builder()
        .port(settings.getPort())
        .bindAddress(settings.getBindAddress())
        .store(store)
        .dataDir(settings.getDataDir());
    if (jwt.getFormat() == SluiceProperties.TokenFormat.DRAFT_08) {
      hub.protocolVersionCompatibility(8);
    } else {
      if (jwt.getIssuer() == null || jwt.getIssuer().isBlank()) {
        throw new IllegalStateException("sluice.hub.enabled=true needs sluice.jwt.issuer: the iss of the "
            + "application's Mercure 1.0 tokens, which the embedded hub trusts (or sluice.jwt.format=DRAFT_08)");
      }
      auth.issuer(jwt.getIssuer());
      String audience = jwt.getAudience() != null && !jwt.getAudience().isBlank() ? jwt.getAudience()
          : properties.getHub().getUrl() == null ? null : properties.getHub().getUrl().toString();
      if (audience != null) {
        auth.audience(audience); // Otherwise the hub's own URL, as for sluice serve.
      }
    }
    return hub.auth(auth.build()).build();
  }
}
