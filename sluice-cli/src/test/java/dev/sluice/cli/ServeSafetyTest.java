package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exposure rules of {@code sluice serve}, and where the development key is kept. */
class ServeSafetyTest {
  private static final String KEY = "serve-safety-test-secret-of-at-least-32-bytes";

  @TempDir Path dir;

  private static ServeSafety decide(String... flagsAndValues) {
    Map<HubOption, String> flags = new EnumMap<>(HubOption.class);
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      flags.put(HubSettings.byName(flagsAndValues[i]).orElseThrow(), flagsAndValues[i + 1]);
    }
    return ServeSafety.decide(HubSettings.resolve(flags, Map.of()));
  }

  @Test
  void noKeyOnLoopbackIsDevelopmentModeWithTheDemo() {
    ServeSafety safety = decide();
    assertThat(safety.developmentMode()).isTrue();
    assertThat(safety.demo()).isTrue();
    assertThat(decide("bind", "localhost").developmentMode()).isTrue();
    assertThat(decide("bind", "::1").developmentMode()).isTrue();
  }

  @Test
  void aKeyLeavesTheDemoOutUnlessAskedFor() {
    assertThat(decide("jwt-key", KEY).demo()).isFalse();
    assertThat(decide("jwt-key", KEY, "demo", "true").demo()).isTrue();
    assertThat(decide("demo", "false").demo()).as("turned off in development mode").isFalse();
  }

  @Test
  void noKeyOnAPublicBindIsRefusedUnlessInsecureDevModeIsAskedFor() {
    assertThatThrownBy(() -> decide("bind", "0.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--jwt-key").hasMessageContaining("--insecure-dev-mode");
    ServeSafety insecure = decide("bind", "0.0.0.0", "insecure-dev-mode", "true");
    assertThat(insecure.developmentMode()).isFalse();
    assertThat(insecure.demo()).isFalse();
    assertThat(decide("bind", "0.0.0.0", "jwt-key", KEY).demo()).isFalse();
  }

  @Test
  void aBadSwitchValueNamesTheOption() {
    assertThatThrownBy(() -> decide("demo", "maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--demo");
  }

  @Test
  void theDevelopmentKeyIsMadeOnceOwnerOnlyAndKept() throws Exception {
    Path data = dir.resolve("data");
    String first = DevelopmentKeyFile.loadOrCreate(data);
    Path file = data.resolve(DevelopmentKeyFile.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(DevelopmentKeyFile.loadOrCreate(data)).isEqualTo(first);

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(DevelopmentKeyFile.loadOrCreate(data)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .as("a copy made readable is tightened again").isEqualTo("rw-------");
  }

  @Test
  void anUnusableKeyFileSaysHowToRecover() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve(DevelopmentKeyFile.FILE_NAME), "short");
    assertThatThrownBy(() -> DevelopmentKeyFile.loadOrCreate(data))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("delete the file");
  }
}
