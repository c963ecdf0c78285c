package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * The portal in a real browser (Debian's Chromium) against the real platform: people register themselves at
 * Keycloak, pair a device the Java reference device runs, watch and change it live over their browser's own MQTT
 * connection; a second person can neither see nor reach it; an operator finds it and revokes its certificate.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalIT {
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static IotClient iot;
    private static IotDataPlaneClient data;
    private final java.util.List<WebDriver> browsers = new java.util.ArrayList<>();

    @TempDir
    Path directory;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        data = Operator.data();
    }

    @AfterAll
    static void close() {
        iot.close();
        data.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void anEndUserPairsADeviceControlsItLiveAndNobodyElseCanReachIt() throws Exception {
        try (PairableDevice device = PairableDevice.start(iot, directory, "lamp-" + RUN, Duration.ofSeconds(1))) {
            String code = device.pairingCode();
            String key = device.thing.replaceAll("[^A-Za-z0-9_-]", "_");

            WebDriver alice = browser();
            String user = "owner-" + RUN;
            register(alice, user);
            wait(alice).until(ExpectedConditions.textToBe(By.id("signed-in-user"), user));
            assertThat(alice.findElement(By.id("signed-in-roles")).getText()).isEqualTo("end-user");
            String identity = alice.findElement(By.id("identity-id")).getText();

            // nothing yet; the browser's own MQTT connection comes up with the user's token
            open(alice, "/portal/devices");
            wait(alice).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-devices")));
            wait(alice).until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));

            // a wrong code gets a clear answer; the device's code pairs it
            open(alice, "/portal/pair");
            WebElement field =
                    wait(alice).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#pairing-code input")));
            field.sendKeys("0000-0000-0000");
            alice.findElement(By.id("pair-button")).click();
            wait(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pairing-error"), "not valid"));
            field.clear();
            field.sendKeys(code);
            Browser.screenshot(alice, "portal-pair");
            alice.findElement(By.id("pair-button")).click();
            wait(alice)
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("pairing-success"), "Paired " + device.thing));
            PairableDevice.await("the device learns its owner", () -> identity.equals(device.owner()));

            // my devices: live connected state and reported state
            open(alice, "/portal/devices");
            wait(alice).until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));
            wait(alice)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("reported-" + key), "\"color\""));
            assertThat(alice.findElement(By.id("connected-" + key)).getText()).isEqualTo("Connected");

            // the device reports a change: the page shows it without being reloaded
            data.updateThingShadow(r -> r.thingName(device.thing)
                    .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"color\":\"amber\"}}}")));
            wait(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("reported-" + key), "amber"));

            // the user changes desired state from the browser; the device gets the delta and reports it back
            alice.findElement(By.cssSelector("#desired-key-" + key + " input")).sendKeys("color");
            alice.findElement(By.cssSelector("#desired-value-" + key + " input"))
                    .sendKeys("green");
            alice.findElement(By.id("set-desired-" + key)).click();
            wait(alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("reported-" + key), "green"));
            assertThat(data.getThingShadow(r -> r.thingName(device.thing))
                            .payload()
                            .asUtf8String())
                    .contains("\"reported\":{\"color\":\"green\"");

            // telemetry as a chart
            wait(alice)
                    .until(driver -> Integer.parseInt(
                                    driver.findElement(By.id("chart-" + key)).getDomAttribute("points") == null
                                            ? "0"
                                            : driver.findElement(By.id("chart-" + key))
                                                    .getDomAttribute("points"))
                            >= 2);
            Browser.screenshot(alice, "portal-my-devices");
            assertThat(Browser.consoleErrors(alice)).as("the page's console").isEmpty();

            // a second person: sees nothing, and their own MQTT connection cannot reach the device
            WebDriver mallory = browser();
            String other = "other-" + RUN;
            register(mallory, other);
            wait(mallory).until(ExpectedConditions.textToBe(By.id("signed-in-user"), other));
            open(mallory, "/portal/devices");
            wait(mallory).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-devices")));
            wait(mallory).until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));
            assertThat(mallory.getPageSource()).doesNotContain(device.thing);
            String shadow = "$aws/things/" + device.thing + "/shadow/";
            Map<String, Object> subscribe = script(
                    mallory,
                    "const [filter, done] = arguments;"
                            + "const mqtt = document.getElementById('mqtt-connection');"
                            + "mqtt.client.subscribe(filter, {qos: 1}, (err, granted) =>"
                            + "  done({error: err ? String(err) : null, qos: granted && granted[0] ? granted[0].qos : -1}));",
                    shadow + "update/documents");
            // mqtt.js reports a SUBACK refusal (0x87) as an error of the subscribe call
            assertThat(String.valueOf(subscribe.get("error")))
                    .as("%s", subscribe)
                    .contains("Not authorized");
            Map<String, Object> publish = script(
                    mallory,
                    "const [topic, done] = arguments;"
                            + "document.getElementById('mqtt-connection')"
                            + "  .publish(topic, '{\"state\":{\"desired\":{\"color\":\"black\"}}}').then(done);",
                    shadow + "update");
            assertThat(publish.get("ok")).as("%s", publish).isEqualTo(false);
            // the same with a raw MQTT client of their own, outside the page, with their token
            String token = (String) ((Map<?, ?>) script(
                            mallory,
                            "const done = arguments[0];"
                                    + "document.getElementById('mqtt-connection').$server.token().then(done);"))
                    .get("token");
            String malloryIdentity = AppClient.identityId(token);
            try (AppClient raw = AppClient.connect(malloryIdentity + "-raw", token)) {
                assertThat(raw.subscribe(shadow + "get/accepted")).isEqualTo(0x87);
                assertThat(raw.subscribe("$aws/things/+/shadow/update/documents"))
                        .isEqualTo(0x87);
                assertThat(raw.publish(shadow + "update", "{\"state\":{\"desired\":{\"color\":\"black\"}}}"))
                        .isEqualTo(0x87);
            }
            assertThat(data.getThingShadow(r -> r.thingName(device.thing))
                            .payload()
                            .asUtf8String())
                    .doesNotContain("black");
            // operator pages are not theirs
            open(mallory, "/portal/fleet/things");
            wait(mallory).until(ExpectedConditions.visibilityOfElementLocated(By.id("access-denied")));
            assertThat(Browser.consoleErrors(mallory)).isEmpty();
        }
    }

    @Test
    void anOperatorFindsTheThingBySearchRevokesItsCertificateAndTheDeviceIsDisconnected() throws Exception {
        try (PairableDevice device = PairableDevice.start(iot, directory, "meter-" + RUN, Duration.ofSeconds(2))) {
            PairableDevice.await(
                    "the device is connected", () -> connected(device.thing).orElse(false));

            WebDriver operator = browser();
            signIn(operator, "operator", TestEnvironment.require("THINGSTEAD_TEST_OPERATOR_PASSWORD"));
            wait(operator).until(ExpectedConditions.textToBe(By.id("signed-in-user"), "operator"));

            // the menu has the operator's sections, and keyboard alone gets to a page
            assertThat(operator.findElements(By.id("nav-section-fleet"))).hasSize(1);
            assertThat(operator.findElements(By.id("nav-devices")))
                    .as("no end-user pages")
                    .isEmpty();
            tabTo(operator, "nav-fleet-things");
            operator.switchTo().activeElement().sendKeys(Keys.ENTER);
            wait(operator).until(ExpectedConditions.urlContains("/portal/fleet/things"));

            WebElement query =
                    wait(operator).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#fleet-query input")));
            query.sendKeys(Keys.chord(Keys.CONTROL, "a"), "thingName:" + device.thing);
            operator.findElement(By.id("search-button")).click();
            // the unfiltered first page may already show the thing: wait for the search's own page of one
            wait(operator).until(ExpectedConditions.textToBe(By.id("things-grid-page"), "Page 1 · 1 · last page"));
            wait(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("thing-link-" + device.thing)));
            Browser.screenshot(operator, "portal-things");
            operator.findElement(By.id("thing-link-" + device.thing)).click();
            wait(operator).until(ExpectedConditions.textToBe(By.id("thing-title"), device.thing));

            // the certificates tab: revoke, confirm
            operator.findElement(By.xpath("//vaadin-tab[normalize-space()='Certificates']"))
                    .click();
            WebElement revoke =
                    wait(operator).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[id^='revoke-']")));
            Browser.screenshot(operator, "portal-thing-certificates");
            revoke.click();
            wait(operator)
                    .until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("vaadin-confirm-dialog-overlay [slot='confirm-button'],"
                                    + " vaadin-button[slot='confirm-button']")))
                    .click();
            PairableDevice.await(
                    "the device is disconnected", () -> !connected(device.thing).orElse(true));
            operator.findElement(By.xpath("//vaadin-tab[normalize-space()='Connection']"))
                    .click();
            wait(operator)
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("thing-connection"), "Disconnected"));
            assertThat(operator.findElement(By.id("connection-history")).getText())
                    .contains("disconnected");
            Browser.screenshot(operator, "portal-thing-connection");
            String certificate = iot.listThingPrincipals(r -> r.thingName(device.thing)).principals().stream()
                    .filter(p -> p.contains(":cert/"))
                    .findFirst()
                    .orElseThrow();
            assertThat(iot.describeCertificate(
                                    r -> r.certificateId(certificate.substring(certificate.lastIndexOf('/') + 1)))
                            .certificateDescription()
                            .statusAsString())
                    .isEqualTo("REVOKED");

            // the other operator pages open, are labelled and log no errors
            for (String page : List.of(
                    "dashboards/platform",
                    "fleet/groups",
                    "fleet/types",
                    "security/certificates",
                    "security/cas",
                    "security/policies",
                    "security/access-keys",
                    "operations/provisioning-templates",
                    "operations/audit")) {
                open(operator, "/portal/" + page);
                wait(operator).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
                assertThat(unlabelled(operator))
                        .as("fields without a label on %s", page)
                        .isEmpty();
                Browser.screenshot(operator, "portal-" + page.replace('/', '-'));
            }
            assertThat(Browser.consoleErrors(operator)).as("the pages' console").isEmpty();
        }
    }

    /** Presses Tab until the element with this id has the focus (at most 60 times). */
    private static void tabTo(WebDriver driver, String id) {
        for (int i = 0; i < 60; i++) {
            Object focused = ((JavascriptExecutor) driver)
                    .executeScript(
                            "let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) {"
                                    + " if (e.id) break; e = e.shadowRoot.activeElement; } return e ? e.id : null;");
            if (id.equals(focused)) {
                return;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /** Fields and buttons on the page without an accessible name. */
    @SuppressWarnings("unchecked")
    private static List<String> unlabelled(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver)
                .executeScript("const missing = [];"
                        + "for (const f of document.querySelectorAll('vaadin-text-field, vaadin-text-area, vaadin-select,"
                        + " vaadin-checkbox, vaadin-combo-box')) {"
                        + "  if (!f.label && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))"
                        + "    missing.push(f.tagName + '#' + f.id); }"
                        + "for (const b of document.querySelectorAll('vaadin-button')) {"
                        + "  if (!b.textContent.trim() && !b.getAttribute('aria-label')) missing.push('button#' + b.id); }"
                        + "return missing;");
    }

    private static java.util.Optional<Boolean> connected(String thing) {
        var found = iot.searchIndex(r -> r.queryString("thingName:" + thing)).things();
        return found.isEmpty() || found.get(0).connectivity() == null
                ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(found.get(0).connectivity().connected());
    }

    private static void signIn(WebDriver driver, String user, String password) {
        open(driver, "/portal/");
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    @Test
    void theBrowsersMqttConnectionSurvivesTokenRefreshAndSignOutEndsTheProviderSession() throws Exception {
        WebDriver user = browser();
        String name = "refresh-" + RUN;
        register(user, name);
        wait(user).until(ExpectedConditions.textToBe(By.id("signed-in-user"), name));
        open(user, "/portal/devices");
        wait(user).until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));
        Map<String, Object> before = script(
                user,
                "const done = arguments[0]; const m = document.getElementById('mqtt-connection');"
                        + "done({connects: m.connects, expiresAt: m.tokenExpiresAt});");
        // the dev realm's access tokens live 2 minutes: the page fetches a new one (the server refreshes it at
        // Keycloak) and reconnects with it a minute before expiry, without the person doing anything
        new WebDriverWait(user, Duration.ofSeconds(120))
                .until(driver -> ((Number) script(
                                                driver,
                                                "arguments[0]({value: document.getElementById('mqtt-connection').connects});")
                                        .get("value"))
                                .intValue()
                        > ((Number) before.get("connects")).intValue());
        wait(user).until(ExpectedConditions.textToBe(By.id("mqtt-state"), "connected"));
        Map<String, Object> after = script(
                user,
                "const done = arguments[0]; const m = document.getElementById('mqtt-connection');"
                        + "done({connects: m.connects, expiresAt: m.tokenExpiresAt});");
        assertThat(((Number) after.get("expiresAt")).longValue())
                .as("a new token")
                .isGreaterThan(((Number) before.get("expiresAt")).longValue());

        // RP-initiated logout: the portal session ends, and so does the sign-in at Keycloak
        user.findElement(By.id("sign-out")).click();
        wait(user).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(user.getCurrentUrl()).startsWith(TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        open(user, "/portal/devices");
        wait(user).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(Browser.consoleErrors(user)).isEmpty();
    }

    @Test
    void thePublicAppClientMustUsePkce() throws Exception {
        String authorize = TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL")
                + "/protocol/openid-connect/auth?client_id=thingstead-app&response_type=code&scope=openid"
                + "&redirect_uri="
                + java.net.URLEncoder.encode("http://localhost/callback", java.nio.charset.StandardCharsets.UTF_8);
        var without = TestEnvironment.get(java.net.URI.create(authorize));
        assertThat(without.statusCode()).isEqualTo(302);
        assertThat(without.headers().firstValue("Location").orElse(""))
                .startsWith("http://localhost/callback")
                .contains("error=invalid_request")
                .contains("code_challenge_method");
        var with = TestEnvironment.get(java.net.URI.create(authorize + "&code_challenge="
                + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" + "&code_challenge_method=S256"));
        assertThat(with.statusCode()).as("the sign-in page").isEqualTo(200);
    }

    @Test
    void aPersonPairsByScanningTheLabelsQrCodeWithTheCamera() throws Exception {
        try (PairableDevice device = PairableDevice.start(iot, directory, "plug-" + RUN, Duration.ofSeconds(5))) {
            String label = TestEnvironment.http("/portal/pair?code=" + device.pairingCode())
                    .toString();
            Path video = FakeCamera.qrVideo(directory.resolve("label.y4m"), label);
            WebDriver person = Browser.start(
                    new Browser.Options(java.util.Optional.of(Mqtt.rootCaPem()), java.util.Optional.of(video)));
            browsers.add(person);
            String name = "scanner-" + RUN;
            register(person, name);
            wait(person).until(ExpectedConditions.textToBe(By.id("signed-in-user"), name));
            String identity = person.findElement(By.id("identity-id")).getText();
            open(person, "/portal/pair");
            wait(person)
                    .until(ExpectedConditions.elementToBeClickable(By.id("scan-button")))
                    .click();
            wait(person)
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("pairing-success"), "Paired " + device.thing));
            PairableDevice.await("the device learns its owner", () -> identity.equals(device.owner()));
            assertThat(Browser.consoleErrors(person)).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private WebDriver browser() throws Exception {
        WebDriver driver =
                Browser.start(new Browser.Options(java.util.Optional.of(Mqtt.rootCaPem()), java.util.Optional.empty()));
        browsers.add(driver);
        return driver;
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    private static void open(WebDriver driver, String path) {
        driver.get(TestEnvironment.http(path).toString());
    }

    /** Self-registration at Keycloak: the login page's Register link, then the form. */
    private static void register(WebDriver driver, String username) {
        open(driver, "/portal/");
        wait(driver)
                .until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#kc-registration a, a[href*='registration']")))
                .click();
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("email")).sendKeys(username + "@example.com");
        driver.findElement(By.id("firstName")).sendKeys("Test");
        driver.findElement(By.id("lastName")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("Pw-" + RUN + "-secret");
        driver.findElement(By.id("password-confirm")).sendKeys("Pw-" + RUN + "-secret");
        driver.findElement(By.cssSelector("#kc-form-buttons input[type=submit], #kc-form-buttons button[type=submit],"
                        + " form#kc-register-form [type=submit]"))
                .click();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> script(WebDriver driver, String script, Object... arguments) {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }
}
