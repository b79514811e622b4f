package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.hub.spi.Retention;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisTransportConfigTest {
  private static RedisTransportConfig parse(String uri, Optional<String> env) {
    return RedisTransportConfig.parse(URI.create(uri), Retention.DEFAULT, env);
  }

  @Test
  void plainUriUsesDefaultKeys() {
    RedisTransportConfig config = parse("redis://10.0.0.5:6380/2", Optional.empty());

    assertThat(config.lettuceUri()).hasToString("redis://10.0.0.5:6380/2");
    assertThat(config.streamKey()).isEqualTo("{sluice}:log");
    assertThat(config.idsKey()).isEqualTo("{sluice}:ids");
    assertThat(config.password()).isEmpty();
  }

  @Test
  void sluiceParametersAreTakenOutAndLettuceParametersKept() {
    RedisTransportConfig config = parse(
        "rediss://app:s3cret@redis.internal:6390/0?prefix=shop&verifyPeer=CA&caFile=%2Fetc%2Fca.pem&timeout=3s",
        Optional.empty());

    assertThat(config.prefix()).isEqualTo("shop");
    assertThat(config.streamKey()).isEqualTo("{shop}:log");
    assertThat(config.caFile()).contains(Path.of("/etc/ca.pem"));
    assertThat(config.lettuceUri())
        .hasToString("rediss://app:s3cret@redis.internal:6390/0?verifyPeer=CA&timeout=3s");
    assertThat(config.safeUri()).isEqualTo("rediss://redis.internal:6390/0");
  }

  @Test
  void passwordComesFromTheEnvironmentWhenTheUriHasNone() {
    assertThat(parse("redis://app@h:1/0", Optional.of("pw")).password()).contains("pw");
    assertThat(parse("redis://app:inuri@h:1/0", Optional.of("pw")).password()).isEmpty();
  }

  @Test
  void rejectsOtherSchemesAndMissingHosts() {
    assertThatThrownBy(() -> parse("http://h:1", Optional.empty()))
        .hasMessage("not a redis:// or rediss:// URI: http://h:1");
    assertThatThrownBy(() -> parse("redis:///0", Optional.empty())).hasMessage("no host in redis:///0");
    assertThatThrownBy(() -> parse("redis://h:1/0?prefix=%7Bx%7D", Optional.empty()))
        .hasMessageStartingWith("prefix must be non-empty without braces");
  }

  @Test
  void theRedisTransportRefusesToKeepNoHistory() {
    assertThatThrownBy(() -> new RedisUpdateLog(RedisTransportConfig.parse(
        URI.create("redis://127.0.0.1:1/0"), new Retention(0, java.time.Duration.ZERO))))
        .hasMessageStartingWith("the Redis transport needs a retention of at least one update");
  }
}
