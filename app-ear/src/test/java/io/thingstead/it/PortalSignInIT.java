package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person opens the portal in Chromium, signs in at Keycloak and sees who they are and how the platform is. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalSignInIT {
    private WebDriver browser;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    /**
     * The page shows the platform's readiness, so wait until the platform is ready: right after the EAR is deployed
     * for this class the gateway may still be waiting for the previous deployment's ports (it retries), and with a
     * fast browser the first page came before that.
     */
    @org.junit.jupiter.api.BeforeAll
    static void platformReady() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = TestEnvironment.get(TestEnvironment.management("/health/ready"))
                    .statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the platform was not ready within 120 s (last /health/ready status " + status + ")");
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorSignsInThroughKeycloakAndSeesThePortal() throws Exception {
        signIn("operator", TestEnvironment.require("THINGSTEAD_TEST_OPERATOR_PASSWORD"));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.textToBe(By.id("signed-in-user"), "operator"));
        assertThat(browser.findElement(By.id("signed-in-roles")).getText()).isEqualTo("operator");
        assertThat(browser.findElement(By.id("platform-health")).getText()).isEqualTo("UP");
        assertThat(browser.getTitle()).isEqualTo("Thingstead");
        assertThat(browser.getPageSource()).contains("thingstead-database: UP");
        Browser.screenshot(browser, "portal-operator");
    }

    @Test
    void endUserSignsInWithTheirOwnRole() throws Exception {
        signIn("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD"));

        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("signed-in-user"), "alice"));
        assertThat(browser.findElement(By.id("signed-in-roles")).getText()).isEqualTo("end-user");
    }

    @Test
    void aWrongPasswordDoesNotGetIn() throws Exception {
        signIn("operator", "not-the-password");

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        By error = By.cssSelector("[id^='input-error']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(error));
        assertThat(browser.findElement(error).getText()).containsIgnoringCase("invalid username or password");
        assertThat(browser.getCurrentUrl()).startsWith(TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        assertThat(browser.findElements(By.id("signed-in-user"))).isEmpty();
        Browser.screenshot(browser, "portal-wrong-password");
    }

    private void signIn(String user, String password) throws Exception {
        browser.get(TestEnvironment.http("/portal/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl())
                .as("the portal sends the browser to Keycloak")
                .startsWith(TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        Browser.screenshot(browser, "keycloak-login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }
}
