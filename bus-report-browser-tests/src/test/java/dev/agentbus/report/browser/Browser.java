package dev.agentbus.report.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, both at fixed paths, so that nothing
 * is ever downloaded; started with a fresh profile and with every background request off, as the
 * machine has no network beyond loopback.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Path profile;
  private final ChromeDriver driver;

  Browser() throws IOException {
    for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(tool)) {
        throw new IllegalStateException(
            tool
                + " is missing: these tests render the report in Debian's headless Chromium;"
                + " install it with: apt-get install -y chromium chromium-driver");
      }
    }
    profile = Files.createTempDirectory("agent-bus-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
  }

  /** Opens a page and waits until its script has drawn the diagram. */
  void open(String url) {
    driver.get(url);
    awaitTrue("document.getElementById('app').getAttribute('data-ready') === 'true'");
  }

  ChromeDriver driver() {
    return driver;
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits, up to {@link #WAIT}, for a script expression to be true. */
  void awaitTrue(String expression) {
    new WebDriverWait(driver, WAIT)
        .withMessage(() -> "waited " + WAIT + " for: " + expression)
        .until(d -> Boolean.TRUE.equals(script("return " + expression + ";")));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement one(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  String app(String attribute) {
    return one("#app").getDomAttribute(attribute);
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a screenshot under {@code target/report-screenshots/}. */
  Path screenshot(String name) {
    try {
      Path file = Path.of("target", "report-screenshots", name + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(
                path -> {
                  try {
                    Files.deleteIfExists(path);
                  } catch (IOException e) {
                    // Chromium may still be letting go of a lock file; the folder is in /tmp.
                  }
                });
      }
    }
  }
}
