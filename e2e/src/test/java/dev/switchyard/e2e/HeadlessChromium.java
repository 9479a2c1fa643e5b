package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.switchyard.test.TempDirectories;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's Chromium, headless, driven over WebDriver by Debian's matching ChromeDriver:
 * no browser or driver is downloaded, and a missing one fails the test with the command
 * that installs it.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final String INSTALL = "apt-get install -y chromium chromium-driver";

	/**
	 * Without the background-networking flags Chromium keeps trying to reach Google's
	 * hosts, which a closed network refuses.
	 */
	private static final List<String> ARGUMENTS = List.of("--headless", "--no-sandbox", "--disable-gpu",
			"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--disable-dev-shm-usage", "--window-size=1480,1000");

	private final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/**
	 * Start the browser with a new, empty profile.
	 * @param logs where ChromeDriver's log goes
	 * @return the browser
	 */
	static HeadlessChromium start(Path logs) {
		Path chromium = executable("switchyard.chromium", "/usr/bin/chromium");
		Path chromedriver = executable("switchyard.chromedriver", "/usr/bin/chromedriver");
		try {
			Files.createDirectories(logs);
			Path profile = Files.createTempDirectory(logs, "chromium-profile-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(chromium.toFile());
			options.addArguments(ARGUMENTS);
			options.addArguments("--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
				.usingAnyFreePort()
				.withLogFile(logs.resolve("chromedriver.log").toFile())
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
			return new HeadlessChromium(driver, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path executable(String property, String defaultPath) {
		Path path = Path.of(System.getProperty(property, defaultPath));
		if (!Files.isExecutable(path)) {
			fail(path + " is missing: the console test needs Debian's Chromium and ChromeDriver (" + INSTALL
					+ "), or -D" + property + "=<path>");
		}
		return path;
	}

	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Run a script in the page and return its result.
	 * @param script the script's body, with {@code return}
	 * @param arguments the script's {@code arguments}
	 * @return the result
	 */
	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/**
	 * Save a PNG of the whole page, its window grown to the page's height.
	 * @param file the file
	 */
	void screenshot(Path file) {
		script("window.scrollTo(0, 0)");
		Number height = (Number) script("return document.documentElement.scrollHeight");
		Dimension size = this.driver.manage().window().getSize();
		this.driver.manage().window().setSize(new Dimension(size.getWidth(), Math.min(4000, height.intValue() + 120)));
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.manage().window().setSize(size);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			TempDirectories.delete(this.profile);
		}
	}

}
