package org.sparknas.report;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's Chromium driven through its ChromeDriver, headless and offline, for the report's browser test and bench. */
final class HeadlessChromium {

    static final String CHROMIUM = System.getenv().getOrDefault("SPARKNAS_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = System.getenv().getOrDefault("SPARKNAS_CHROMEDRIVER", "/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    static boolean present() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER));
    }

    static String installHint() {
        return "Chromium and its driver are needed at " + CHROMIUM + " and " + DRIVER + " (Debian: apt-get install"
                + " chromium chromium-driver; or set SPARKNAS_CHROMIUM and SPARKNAS_CHROMEDRIVER)";
    }

    /** A new browser with its console log kept, using {@code profile} as its (empty) user data directory. */
    static WebDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags Chromium keeps trying hosts this offline machine cannot reach.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1300,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        return browser;
    }
}
