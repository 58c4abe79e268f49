package dev.natsaga.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven over WebDriver: Debian's {@code chromium} and {@code chromium-driver} packages (CI installs
 * them, see {@code .ci/run}); a fresh profile each time; screenshots kept under {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String CHROMIUM = System.getProperty("natsaga.chromium", "/usr/bin/chromium");
  private static final String DRIVER = System.getProperty("natsaga.chromedriver", "/usr/bin/chromedriver");

  private final Path profile;
  final ChromeDriver driver;

  Browser() {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + DRIVER
          + ": apt-get install -y chromium chromium-driver (or set -Dnatsaga.chromium / -Dnatsaga.chromedriver)");
    }
    try {
      profile = Files.createTempDirectory("natsaga-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  void open(String url) {
    driver.get(url);
  }

  void signIn(String base, String user, String password) {
    open(base + "login");
    driver.findElement(By.id("user")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    waitFor(By.id("who"));
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  boolean present(By by) {
    return !driver.findElements(by).isEmpty();
  }

  WebElement waitFor(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** Clicks {@code button} and waits until the browser has left the page it was on (the old page's root is stale). */
  void clickAndAwaitNextPage(By button) {
    WebElement oldPage = driver.findElement(By.tagName("html"));
    driver.findElement(button).click();
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(oldPage));
  }

  Object script(String js) {
    return driver.executeScript(js);
  }

  /** Saves a PNG of the page as {@code target/screenshots/<name>.png} and returns its path. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a left-over temp profile is harmless
    }
  }
}
