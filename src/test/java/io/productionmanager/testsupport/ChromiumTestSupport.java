package io.productionmanager.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Gate for browser tests, which drive a real headless Chromium (Debian {@code chromium} and
 * {@code chromium-driver}) through Selenium: skipped with a visible reason when either is missing, but
 * failed when {@code CI=true}, where {@code .ci/run} must have installed them.
 */
public final class ChromiumTestSupport {

    /** The browser (Debian's wrapper script) and its driver. */
    public static final Path CHROMIUM = Path.of(System.getProperty("pm.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("pm.test.chromedriver", "/usr/bin/chromedriver"));

    private static volatile String unavailableReason;
    private static volatile boolean checked;

    private ChromiumTestSupport() {
    }

    /** Aborts (skips) the calling test when Chromium or its driver is missing, or fails it when running in CI. */
    public static void requireChromium() {
        String reason = probe();
        Prerequisite.require(reason, "CI=true but the browser test cannot run (" + reason + "); install it with "
                + "`apt-get install -y chromium chromium-driver` (.ci/run does)",
                "no headless Chromium (" + reason + "); install it with `apt-get install -y chromium chromium-driver`");
    }

    /**
     * A headless Chromium with its console log recorded ({@code driver.manage().logs().get(LogType.BROWSER)}),
     * a fresh profile in {@code profileDir}, and no sandbox (tests run as root here).
     */
    public static ChromeDriver newDriver(Path profileDir, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profileDir.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static synchronized String probe() {
        if (!checked) {
            unavailableReason = look();
            checked = true;
        }
        return unavailableReason;
    }

    /** Null when both programs are there and the driver answers {@code --version}, else why not. */
    private static String look() {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                return p + " is missing";
            }
        }
        try {
            Process p = new ProcessBuilder(CHROMEDRIVER.toString(), "--version").redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return CHROMEDRIVER + " --version did not answer within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : CHROMEDRIVER + " --version exited " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return CHROMEDRIVER + " cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking " + CHROMEDRIVER;
        }
    }
}
