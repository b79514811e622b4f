package dev.sluice.cli.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, so Selenium Manager
 * has nothing to download. One browser serves every case; close it when done.
 */
final class Chromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Held so the level set on them is not lost when the loggers are collected. */
  private static final List<Logger> QUIET_LOGGERS = List.of(
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  private final ChromeDriver driver;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Whether Debian's Chromium is installed; without it the browser tests are skipped. */
  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts Chromium with a fresh profile in {@code profile}, which must be an empty directory. */
  static Chromium start(Path profile) {
    // Selenium warns that it has no DevTools bindings for this Chromium; nothing here uses them.
    QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.SEVERE));
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .build();
    return new Chromium(new ChromeDriver(service, options));
  }

  /** The browser's version as the driver reports it, for example {@code 140.0.7339.185}. */
  String version() {
    Object version = driver.getCapabilities().getCapability("browserVersion");
    return String.valueOf(version);
  }

  /**
   * Loads {@code pageUrl}, starts {@code runAll(runs)} there and waits up to {@code timeout} for
   * its results: the JSON text the page publishes as {@code window.results}.
   */
  String run(String pageUrl, List<Map<String, Object>> runs, Duration timeout) {
    driver.get(pageUrl);
    JavascriptExecutor js = driver;
    js.executeScript("window.runAll(arguments[0]);", runs);
    Object results = new WebDriverWait(driver, timeout, Duration.ofMillis(50))
        .withMessage("Chromium did not finish the runs")
        .until(d -> js.executeScript("return window.results;")); // Null until published.
    return (String) results;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
