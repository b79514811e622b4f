package dev.sluice.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.Retention;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresTransportConfigTest {
  private static PostgresTransportConfig parse(String uri, Optional<String> env) {
    return PostgresTransportConfig.parse(URI.create(uri), Retention.DEFAULT, env);
  }

  @Test
  void plainUriUsesDefaults() {
    PostgresTransportConfig config = parse("postgresql://db.internal/app", Optional.empty());

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
    assertThat(config.safeUri()).isEqualTo("postgresql://db.internal:5432/app");
    assertThat(config.schema()).isEqualTo("sluice");
    assertThat(config.channel()).isEqualTo("sluice_updates");
    assertThat(config.user()).isEmpty();
    assertThat(config.password()).isEmpty();
    assertThat(config.poolSize()).isEqualTo(PostgresTransportConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void credentialsAreDecodedAndKeptOutOfTheUrlAndTheSafeUri() {
    PostgresTransportConfig config = parse("postgresql://app%40corp:p%3Ass%40word@10.0.0.5:6543/orders",
        Optional.of("from-env"));

    assertThat(config.user()).contains("app@corp");
    assertThat(config.password()).contains("p:ss@word");
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:6543/orders");
    assertThat(config.safeUri()).isEqualTo("postgresql://10.0.0.5:6543/orders").doesNotContain("word");
  }

  @Test
  void passwordComesFromTheEnvironmentWhenTheUriHasNone() {
    assertThat(parse("postgresql://app@h:1/db", Optional.of("pw")).password()).contains("pw");
    assertThat(parse("postgresql://app:inuri@h:1/db", Optional.of("pw")).password()).contains("inuri");
    assertThat(parse("postgresql://app@h:1/db", Optional.of("")).password()).isEmpty();
  }

  @Test
  void sluiceParametersAreTakenOutAndTheRestGoToTheDriver() {
    PostgresTransportConfig config = parse("postgresql://h:1/db?schema=shop&poolSize=8&timeout=3s"
        + "&poll=250ms&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem", Optional.empty());

    assertThat(config.schema()).isEqualTo("shop");
    assertThat(config.channel()).isEqualTo("shop_updates");
    assertThat(config.poolSize()).isEqualTo(8);
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.poll()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.driverProperties())
        .containsExactlyInAnyOrderEntriesOf(Map.of("sslmode", "verify-full", "sslrootcert", "/etc/ca.pem"));
  }

  @Test
  void badUrisAreRefusedWithMessagesThatNeverShowThePassword() {
    assertThatThrownBy(() -> parse("redis://h:1/0", Optional.empty()))
        .hasMessage("not a postgresql:// URI: redis://h:1/0");
    assertThatThrownBy(() -> parse("postgresql://u:secret@h:1", Optional.empty()))
        .hasMessageStartingWith("no database in postgresql://u:***@h:1")
        .message().doesNotContain("secret");
    assertThatThrownBy(() -> parse("postgresql:///db", Optional.empty()))
        .hasMessage("no host in postgresql:///db");
    assertThatThrownBy(() -> parse("postgresql://h/db?schema=Robert%27);DROP", Optional.empty()))
        .hasMessageStartingWith("schema must be a lower-case SQL name");
    assertThatThrownBy(() -> parse("postgresql://h/db?poolSize=0", Optional.empty()))
        .hasMessage("poolSize must be 1 to 64: 0");
    assertThatThrownBy(() -> parse("postgresql://h/db?poll=soon", Optional.empty()))
        .hasMessage("poll is not a duration like 500ms, 2s or 1m: soon");
    assertThatThrownBy(() -> parse("postgresql://h/db?password=x", Optional.empty()))
        .hasMessageStartingWith("put the password in the URI's user info");
  }

  @Test
  void thePostgresTransportRefusesToKeepNoHistory() {
    assertThatThrownBy(() -> new PostgresUpdateLog(PostgresTransportConfig.parse(
        URI.create("postgresql://127.0.0.1:1/db"), new Retention(0, Duration.ZERO))))
        .hasMessageStartingWith("the PostgreSQL transport needs a retention of at least one update");
  }

  @Test
  void theProvidersServeThePostgresqlSchemeAndItsPostgresAlias() {
    assertThat(java.util.ServiceLoader.load(dev.sluice.hub.spi.UpdateLogProvider.class).stream()
        .map(p -> p.get().scheme())).contains("postgresql", "postgres");
  }

  @Test
  void postgresIsAnAliasOfPostgresql() {
    PostgresTransportConfig config = parse("postgres://app@db.internal:6543/orders?schema=shop", Optional.of("pw"));

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/orders");
    assertThat(config.safeUri()).isEqualTo("postgresql://db.internal:6543/orders");
    assertThat(config.schema()).isEqualTo("shop");
    assertThat(config.password()).contains("pw");
  }
}
