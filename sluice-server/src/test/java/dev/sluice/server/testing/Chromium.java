package dev.sluice.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own ChromeDriver, with a fresh profile: both paths
 * are given, so Selenium Manager never looks for (or downloads) a browser or driver. Shared by the
 * browser tests of every module through sluice-server's test-jar.
 */
public final class Chromium implements AutoCloseable {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private static final Logger QUIET = Logger.getLogger("org.openqa.selenium"); // Held: levels live on strong refs.

  public final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts the browser; skips the calling test class when Chromium is not installed. */
  public static Chromium start() {
    Assumptions.assumeTrue(Files.isExecutable(BROWSER),
        "browser test skipped: no Chromium at " + BROWSER + " (install the Debian packages chromium and chromium-driver; .ci/run does)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    // The tests use no DevTools protocol, so Selenium's warning that it has none for this version is noise.
    QUIET.setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("sluice-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new Chromium(new ChromeDriver(service, options), profile);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temp folder left behind is harmless; the test result stands.
    }
  }
}
