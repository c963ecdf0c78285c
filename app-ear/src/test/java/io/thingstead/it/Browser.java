package io.thingstead.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Headless Debian Chromium driven by Debian's chromedriver. Both paths are given explicitly, so Selenium never tries
 * to download a browser or a driver.
 */
final class Browser {
    static final String CHROMIUM = System.getProperty("thingstead.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("thingstead.chromedriver", "/usr/bin/chromedriver");

    private Browser() {}

    static WebDriver start() throws IOException {
        return start(Options.DEFAULT);
    }

    /**
     * What a test needs of the browser beyond the defaults.
     *
     * @param trustedCaPem a root CA the browser trusts, added to the NSS database Chromium reads on Linux (as a user
     *     would import it), e.g. Thingstead's for the gateway's {@code wss://} listener
     * @param fakeCamera a Y4M video Chromium plays as its camera (getUserMedia), and camera access granted
     */
    record Options(java.util.Optional<String> trustedCaPem, java.util.Optional<java.nio.file.Path> fakeCamera) {
        static final Options DEFAULT = new Options(java.util.Optional.empty(), java.util.Optional.empty());
    }

    static WebDriver start(Options extra) throws IOException {
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!new File(binary).canExecute()) {
                throw new IllegalStateException(binary + " is missing: apt-get install chromium chromium-driver"
                        + " (./thingstead test installs them when run as root)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("thingstead-chromium"));
        // the page's console, for tests that check it has no errors
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        if (extra.trustedCaPem().isPresent()) {
            environment.put("HOME", nssHome(extra.trustedCaPem().get()).toString());
        }
        extra.fakeCamera()
                .ifPresent(video -> options.addArguments(
                        "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        "--use-file-for-fake-video-capture=" + video.toAbsolutePath()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withEnvironment(environment)
                .build();
        // A plain RemoteWebDriver to chromedriver, not ChromeDriver: ChromeDriver's constructor opens a DevTools (CDP)
        // WebSocket to the browser, which on this machine waited out Selenium's 180 s read timeout on most starts
        // (jstack: JdkHttpClient.openSocket in devtools.Connection.<init>) and made each PortalIT test take minutes.
        // No test uses CDP; WebDriver commands, screenshots and the browser log go through chromedriver.
        service.start();
        RemoteWebDriver driver = new RemoteWebDriver(service.getUrl(), options) {
            @Override
            public void quit() {
                try {
                    super.quit();
                } finally {
                    service.stop();
                }
            }
        };
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** A home directory whose {@code .pki/nssdb} trusts the CA (certutil from Debian's libnss3-tools). */
    private static java.nio.file.Path nssHome(String caPem) throws IOException {
        java.nio.file.Path home = Files.createTempDirectory("thingstead-browser-home");
        java.nio.file.Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        java.nio.file.Path ca = home.resolve("root-ca.pem");
        Files.writeString(ca, caPem);
        run("certutil", "-N", "-d", "sql:" + db, "--empty-password");
        run("certutil", "-A", "-d", "sql:" + db, "-n", "thingstead-test-root", "-t", "C,,", "-i", ca.toString());
        return home;
    }

    private static void run(String... command) throws IOException {
        if (!new File("/usr/bin/certutil").canExecute()) {
            throw new IllegalStateException("certutil is missing: apt-get install libnss3-tools"
                    + " (./thingstead test installs it when run as root)");
        }
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The console messages at level SEVERE (errors) the page logged so far. */
    static java.util.List<String> consoleErrors(WebDriver driver) {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .toList();
    }

    /** Keeps a picture of what the browser showed, under target/screenshots, for people to look at. */
    static void screenshot(WebDriver driver, String name) throws IOException {
        Path dir = Path.of(System.getProperty("thingstead.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
