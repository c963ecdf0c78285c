package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Portal figures for docs/performance.md, in a real browser against the test server: the thing list over 100,000
 * things (page load, next page, searches) and the latency of live updates from a device to the browser. Not part of
 * the test command (its name is not *IT); run it under the benchmark lock:
 *
 * <pre>
 * flock /work/helpers/bench.lock ./thingstead test -pl app-ear -am -Dit.test=PortalPerformanceBench -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The 100,000 things are written straight into the registry's table with one SQL statement (the benchmark measures
 * reading them, not creating them). Results: standard output and {@code target/portal-bench.txt}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalPerformanceBench {
    static final int THINGS = 100_000;
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final StringBuilder report = new StringBuilder();

    @TempDir
    Path directory;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @Test
    void thingListAndLiveUpdates() throws Exception {
        seed();
        line("load average before: "
                + Files.readString(Path.of("/proc/loadavg")).strip());
        WebDriver browser =
                Browser.start(new Browser.Options(java.util.Optional.of(Mqtt.rootCaPem()), java.util.Optional.empty()));
        try {
            signIn(browser, "operator", TestEnvironment.require("THINGSTEAD_TEST_OPERATOR_PASSWORD"));
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBe(By.id("signed-in-user"), "operator"));
            thingList(browser);
        } finally {
            browser.quit();
        }
        liveUpdates();
        line("load average after: " + Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println(report);
        Files.writeString(Path.of("target/portal-bench.txt"), report.toString());
    }

    private void seed() throws Exception {
        try (Connection db = TestEnvironment.database();
                Statement statement = db.createStatement()) {
            long started = System.nanoTime();
            statement.executeUpdate(
                    "INSERT INTO registry_thing (id, name, attributes, created_at, updated_at, connected,"
                            + " connectivity_timestamp) SELECT gen_random_uuid(), 'bench-" + RUN
                            + "-' || lpad(i::text, 6, '0'),"
                            + " jsonb_build_object('room', 'r' || (i % 100), 'floor', (i % 7)::text), now(), now(), i % 3 = 0,"
                            + " 1733140800000 FROM generate_series(1, " + THINGS + ") AS i");
            statement.execute("ANALYZE registry_thing");
            line("seeded " + THINGS + " things with SQL in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }

    private void thingList(WebDriver browser) {
        String query = "thingName:bench-" + RUN + "-*";
        List<Double> loads = new ArrayList<>();
        List<Double> searchMillis = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            browser.get(TestEnvironment.http("/portal/fleet/things?size=100&q="
                            + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8))
                    .toString());
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("things-grid-page"), "100"));
            double load =
                    ((Number) ((JavascriptExecutor) browser).executeScript("return performance.now();")).doubleValue();
            if (i > 0) {
                loads.add(load);
                searchMillis.add(took(browser));
            }
        }
        line("thing list, first page of 100 of " + THINGS + " (navigation start to rows shown, ms): " + stats(loads)
                + "; server search " + stats(searchMillis));
        List<Double> nexts = new ArrayList<>();
        for (int page = 2; page <= 51; page++) {
            long started = System.nanoTime();
            browser.findElement(By.id("things-grid-next")).click();
            String expected = "Page " + page + " ";
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("things-grid-page"), expected));
            nexts.add((System.nanoTime() - started) / 1e6);
        }
        line("next page (click to rows shown, pages 2-51, ms): " + stats(nexts));
        for (String q : List.of(
                "attributes.room:r42",
                "attributes.room:r42 AND connectivity.connected:true",
                "thingName:bench-" + RUN + "-0999*")) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                browser.get(TestEnvironment.http("/portal/fleet/things?size=100&q="
                                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                        .toString());
                new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("things-grid-page"), "Page 1"));
                if (i > 0) {
                    times.add(((Number) ((JavascriptExecutor) browser).executeScript("return performance.now();"))
                            .doubleValue());
                }
            }
            line("search '" + q + "' page load (ms): " + stats(times));
        }
    }

    private static double took(WebDriver browser) {
        String text = browser.findElement(By.id("things-grid-took")).getText();
        return Double.parseDouble(text.replaceAll("[^0-9]", ""));
    }

    /** Telemetry from the reference device (every 100 ms, timestamped on the device) to the owner's My devices page. */
    private void liveUpdates() throws Exception {
        try (var iot = Operator.iot();
                PairableDevice device = PairableDevice.start(iot, directory, "bench-" + RUN, Duration.ofMillis(100))) {
            WebDriver browser = Browser.start(
                    new Browser.Options(java.util.Optional.of(Mqtt.rootCaPem()), java.util.Optional.empty()));
            try {
                signIn(browser, "alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD"));
                new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.textToBe(By.id("signed-in-user"), "alice"));
                browser.get(TestEnvironment.http("/portal/pair?code=" + device.pairingCode())
                        .toString());
                new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.elementToBeClickable(By.id("pair-button")))
                        .click();
                new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("pairing-success")));
                browser.get(TestEnvironment.http("/portal/devices").toString());
                new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));
                String key = device.thing.replaceAll("[^A-Za-z0-9_-]", "_");
                ((JavascriptExecutor) browser)
                        .executeScript("window.benchSeen = []; window.benchShown = [];"
                                + "const m = document.getElementById('mqtt-connection');"
                                + "m.addEventListener('mqtt-message', e => { if (e.detail.topic.startsWith('dt/')) {"
                                + "  window.benchSeen.push([JSON.parse(e.detail.payload).timestamp, e.detail.receivedAt]); } });"
                                + "new MutationObserver(() => window.benchShown.push(Date.now()))"
                                + "  .observe(document.getElementById('chart-" + key + "'),"
                                + "           {attributes: true, attributeFilter: ['points']});");
                Thread.sleep(60_000);
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser)
                        .executeScript("return {seen: window.benchSeen, shown: window.benchShown};");
                @SuppressWarnings("unchecked")
                List<List<Number>> seen = (List<List<Number>>) result.get("seen");
                @SuppressWarnings("unchecked")
                List<Number> shown = (List<Number>) result.get("shown");
                List<Double> toBrowser = new ArrayList<>();
                List<Double> toScreen = new ArrayList<>();
                for (int i = 0; i < seen.size(); i++) {
                    long sent = seen.get(i).get(0).longValue();
                    toBrowser.add((double) (seen.get(i).get(1).longValue() - sent));
                    if (i < shown.size()) {
                        toScreen.add((double) (shown.get(i).longValue() - sent));
                    }
                }
                assertThat(seen).hasSizeGreaterThan(100);
                line("live update, device telemetry (10/s for 60 s) to the browser's MQTT client (ms): "
                        + stats(toBrowser) + "; to the chart on screen (through the server and back): "
                        + stats(toScreen));
            } finally {
                browser.quit();
            }
        }
    }

    private static void signIn(WebDriver driver, String user, String password) {
        driver.get(TestEnvironment.http("/portal/").toString());
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    private static String stats(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(
                "n=%d p50=%.0f p95=%.0f max=%.0f",
                sorted.size(),
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)),
                sorted.get(sorted.size() - 1));
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println("[portal-bench] " + text);
    }
}
