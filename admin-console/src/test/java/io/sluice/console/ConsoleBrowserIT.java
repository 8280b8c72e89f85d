package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (the system's browser and driver, never a download):
 * log in, create a queue, send a message, browse it, redrive a dead-lettered message, delete the
 * queue; create a user, grant it permissions, revoke them and delete the user. Saves screenshots of the main pages to the directory named by {@code
 * sluice.console.screenshots} ({@code -P screenshots} sets docs/images).
 */
@Timeout(180)
class ConsoleBrowserIT {
    @TempDir
    static Path dataDir;

    @TempDir
    static Path profile;

    static ConsoleFixture fixture;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() {
        String chromium = System.getProperty("sluice.console.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("sluice.console.chromedriver", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(
                new File(chromium).canExecute() && new File(chromedriver).canExecute(),
                "needs chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        fixture = new ConsoleFixture(dataDir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1920,1080",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Shows a page; the same address again is reloaded (a hash that does not change fires no event). */
    private static void open(String hash) {
        String url = fixture.base + "/" + hash;
        if (url.equals(driver.getCurrentUrl())) {
            driver.navigate().refresh();
        } else {
            driver.get(url);
        }
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void screenshot(String name) throws Exception {
        String dir = System.getProperty("sluice.console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir).resolve(name);
        Files.createDirectories(target.getParent());
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits until the notes in the corner are gone, for a clean screenshot. */
    private static void quiet() {
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#flash div"), 0));
    }

    private static void flashSays(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), text));
    }

    private static void logIn() {
        open("#/login");
        visible(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(ConsoleFixture.PASSWORD);
        driver.findElement(By.id("login")).click();
        visible(By.id("connections-count"));
    }

    private static void acceptConfirmation(String expected) {
        Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains(expected);
        confirm.accept();
    }

    @Test
    void anAdminManagesUsersAndTheirPermissions() throws Exception {
        logIn();
        String hostile = "<img src=x onerror=alert(1)>";
        ConsoleFixture.Http rest = fixture.http().login();
        String hostileUser =
                "{\"username\":\"" + hostile + "\",\"password\":\"hostile-secret\",\"roles\":[\"" + hostile + "\"]}";
        assertThat(rest.post("/api/users", hostileUser).statusCode()).isEqualTo(201);
        open("#/users");
        WebElement hostileRow = visible(By.cssSelector("tr.user"));
        assertThat(hostileRow.getText()).contains(hostile);
        assertThat(driver.findElements(By.cssSelector("#users img"))).isEmpty(); // rendered as text
        assertThat(rest.post("/api/users/delete", "{\"username\":\"" + hostile + "\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(rest.post(
                                "/api/users",
                                "{\"username\":\"auditor\",\"password\":\"auditor-secret\",\"roles\":[\"audit\"]}")
                        .statusCode())
                .isEqualTo(201);
        open("#/users");
        visible(By.cssSelector("tr.user[data-username='auditor']"));
        visible(By.id("new-username")).sendKeys("e2e-billing");
        driver.findElement(By.id("new-password")).sendKeys("short");
        driver.findElement(By.id("new-roles")).sendKeys("apps, billing");
        driver.findElement(By.id("create-user")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-error"), "too weak"));
        assertThat(driver.findElement(By.id("new-password")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        driver.findElement(By.id("new-password")).clear();
        driver.findElement(By.id("new-password")).sendKeys("billing-secret-1");
        driver.findElement(By.id("create-user")).click();
        flashSays("Created user e2e-billing");
        WebElement user = visible(By.cssSelector("tr.user[data-username='e2e-billing']"));
        assertThat(user.getText()).contains("apps").contains("billing");
        quiet();
        screenshot("users.png");

        user.findElement(By.linkText("Permissions")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("grant-principal"), "value", "e2e-billing"));
        visible(By.id("grant-pattern")).sendKeys("invoices*");
        driver.findElement(By.id("perm-produce")).click();
        driver.findElement(By.id("grant")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("grant-error"), "must stand alone"));
        assertThat(driver.findElement(By.id("grant-pattern")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        driver.findElement(By.id("grant-pattern")).clear();
        driver.findElement(By.id("grant-pattern")).sendKeys("invoices.#");
        driver.findElement(By.id("perm-consume")).click();
        driver.findElement(By.id("grant")).click();
        flashSays("Granted produce, consume on invoices.# to user e2e-billing");
        By grantRow = By.cssSelector("tr.grant[data-principal='e2e-billing'][data-pattern='invoices.#']");
        assertThat(visible(grantRow).getText()).contains("produce").contains("consume");

        new org.openqa.selenium.support.ui.Select(visible(By.id("grant-type"))).selectByValue("role");
        driver.findElement(By.id("grant-principal")).clear();
        driver.findElement(By.id("grant-principal")).sendKeys("apps");
        driver.findElement(By.id("grant-pattern")).sendKeys("orders.*");
        driver.findElement(By.id("perm-browse")).click();
        driver.findElement(By.id("grant")).click();
        flashSays("Granted browse on orders.* to role apps");
        assertThat(rest.post(
                                "/api/grants",
                                "{\"principalType\":\"role\",\"principal\":\"audit\",\"pattern\":\"#\","
                                        + "\"permissions\":[\"browse\"]}")
                        .statusCode())
                .isEqualTo(204);
        open("#/permissions");
        visible(By.cssSelector("tr.grant[data-principal='apps'][data-pattern='orders.*']"));
        visible(grantRow);
        quiet();
        screenshot("permissions.png");
        driver.manage().window().setSize(new Dimension(420, 900));
        open("#/permissions");
        visible(grantRow);
        screenshot("permissions-narrow.png");
        driver.manage().window().setSize(new Dimension(1920, 1080));

        visible(grantRow)
                .findElement(By.cssSelector("button[title='Revoke produce']"))
                .click();
        acceptConfirmation("Revoke produce on invoices.# from user e2e-billing");
        flashSays("Revoked produce on invoices.# from e2e-billing");
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(grantRow, "produce")));
        assertThat(visible(grantRow).getText()).contains("consume");
        visible(grantRow).findElement(By.cssSelector("button.revoke")).click();
        acceptConfirmation("Revoke every permission on invoices.# from user e2e-billing");
        wait.until(ExpectedConditions.numberOfElementsToBe(grantRow, 0));

        open("#/users");
        visible(By.cssSelector("tr.user[data-username='e2e-billing'] button.delete-user"))
                .click();
        acceptConfirmation("Delete user e2e-billing");
        flashSays("Deleted user e2e-billing");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.user[data-username='e2e-billing']"), 0));
        assertThat(fixture.http().login().get("/api/users").body()).doesNotContain("e2e-billing");
    }

    @Test
    void anOperatorManagesAQueueFromLoginToDeletion() throws Exception {
        open("#/login");
        visible(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("wrong");
        driver.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong username"));
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys(ConsoleFixture.PASSWORD);
        driver.findElement(By.id("login")).click();
        visible(By.id("connections-count"));

        open("#/destinations");
        visible(By.id("new-name")).sendKeys("e2e.orders");
        driver.findElement(By.name("dlq")).sendKeys("e2e.dlq");
        driver.findElement(By.id("create")).click();
        visible(By.cssSelector("tr[data-name='e2e.orders']"));
        visible(By.id("new-name")).sendKeys("e2e.prices");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("new-type"))).selectByValue("topic");
        driver.findElement(By.id("create")).click();
        visible(By.cssSelector("tr[data-name='e2e.prices']"));

        String hostile = "<img src=x onerror=alert(1)> order 42";
        open("#/destination/e2e.orders/send");
        visible(By.id("send-body")).sendKeys(hostile);
        driver.findElement(By.cssSelector("#send-properties .prop-name")).sendKeys("region");
        driver.findElement(By.cssSelector("#send-properties .prop-value")).sendKeys("EU");
        driver.findElement(By.id("send")).click();
        flashSays("Sent to partition 0 at offset 0");

        open("#/destination/e2e.orders/messages");
        WebElement row = visible(By.cssSelector("tr.message[data-offset='0']"));
        assertThat(row.getText()).contains(hostile).contains("AVAILABLE");
        row.findElement(By.cssSelector("a")).click();
        WebElement detail = visible(By.cssSelector("tr.detail pre.body-text"));
        assertThat(detail.getText()).isEqualTo(hostile);
        assertThat(driver.findElements(By.cssSelector("#messages img"))).isEmpty(); // rendered as text
        driver.findElement(By.id("selector")).sendKeys("region = = 'EU'");
        driver.findElement(By.id("browse")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("selector-error"), "invalid selector"));
        driver.findElement(By.id("selector")).clear();
        driver.findElement(By.id("selector")).sendKeys("region = 'EU'");
        WebElement before = driver.findElement(By.cssSelector("tr.message[data-offset='0']"));
        driver.findElement(By.id("browse")).click();
        wait.until(ExpectedConditions.stalenessOf(before)); // the table is rendered anew
        visible(By.cssSelector("tr.message[data-offset='0']"))
                .findElement(By.cssSelector("a"))
                .click();
        visible(By.cssSelector("tr.detail pre.body-text"));
        screenshot("messages.png");

        fixture.rejectOne("e2e.orders");
        open("#/destination/e2e.dlq/messages");
        for (int i = 0;
                i < 50 && driver.findElements(By.cssSelector("tr.message")).isEmpty();
                i++) {
            Thread.sleep(200);
            List<WebElement> browse = driver.findElements(By.id("browse"));
            if (browse.isEmpty()) {
                driver.navigate().refresh(); // the dead-letter queue is created with its first message
            } else {
                browse.get(0).click();
            }
        }
        WebElement dead = visible(By.cssSelector("tr.message"));
        dead.findElement(By.cssSelector("a")).click();
        assertThat(visible(By.cssSelector("tr.detail")).getText()).contains("queue://e2e.orders");
        screenshot("dead-letter-queue.png");
        dead.findElement(By.cssSelector("input[type=checkbox]")).click();
        driver.findElement(By.id("redrive-selected")).click();
        flashSays("Redrove 1");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.message"), 0));

        open("#/destination/e2e.orders/messages");
        List<WebElement> back =
                wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("tr.message"), 0));
        assertThat(back.get(0).getText()).contains(hostile);

        open("#/destinations");
        visible(By.cssSelector("tr[data-name='e2e.dlq']"));
        screenshot("destinations.png");
        open("#/connections");
        visible(By.cssSelector("#connections tbody tr"));
        screenshot("connections.png");
        open("#/producers");
        visible(By.cssSelector("#producers tbody tr"));
        screenshot("producers.png");
        open("#/");
        visible(By.id("connections-count"));
        Thread.sleep(4500); // a few samples for the rate chart
        screenshot("overview.png");
        driver.manage().window().setSize(new Dimension(420, 900));
        open("#/destinations");
        visible(By.cssSelector("tr[data-name='e2e.orders']"));
        screenshot("destinations-narrow.png");
        driver.manage().window().setSize(new Dimension(1920, 1080));

        open("#/destination/e2e.orders/messages");
        visible(By.id("delete-destination")).click();
        Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("e2e.orders");
        prompt.accept();
        flashSays("Deleted e2e.orders");
        wait.until(ExpectedConditions.urlContains("#/destinations"));
        visible(By.cssSelector("tr[data-name='e2e.dlq']"));
        assertThat(driver.findElements(By.cssSelector("tr[data-name='e2e.orders']")))
                .isEmpty();
        assertThat(fixture.broker.topics().topic("e2e.orders")).isEmpty();
    }
}
