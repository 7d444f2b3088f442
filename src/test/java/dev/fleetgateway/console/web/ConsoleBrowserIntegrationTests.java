package dev.fleetgateway.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * The operator console in a real, headless Chromium driven by Selenium (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/setup.d/50-chromium.sh}; nothing is downloaded here): log in
 * with an API key, start a simulated echo module from the console and see it appear, send to it in the terminal
 * and see the echo arrive over SSE, queue a message for an offline module and cancel it in its outbox, and walk the
 * main navigation with the keyboard alone. Screenshots of the pages go to {@code target/console-screenshots}, or
 * to the directory {@code -Dfleet.console.screenshots} names ({@code docs/images} refreshes the docs' pictures).
 * Skipped only when the browser or its driver is missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    static ChromeDriverService service;
    static WebDriver driver;
    static Path shots;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (.ci/setup.d/50-chromium.sh installs them)");
        shots = Path.of(System.getProperty("fleet.console.screenshots", "target/console-screenshots"));
        Files.createDirectories(shots);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    void logIn() {
        driver.get(url("/console"));
        if (!driver.getCurrentUrl().contains("/console/login")) {
            return; // the session of an earlier test is still logged in
        }
        screenshot("login");
        driver.findElement(By.id("key")).sendKeys(Http.TEST_KEY);
        driver.findElement(By.id("login")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Fleet overview"));
    }

    @Test
    @Order(1)
    void logsInSeesASimulatedModuleAppearAndGetsTheEchoOfWhatTheTerminalSends() {
        logIn();
        // the overview streams: its counts arrive over SSE
        waiting().until(ExpectedConditions.attributeToBe(By.id("main"), "data-stream", "open"));

        driver.findElement(By.id("nav-simulator")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Simulator fleets"));
        WebElement count = driver.findElement(By.id("fleet-count"));
        count.clear();
        count.sendKeys("1");
        driver.findElement(By.id("fleet-name")).sendKeys("browser-echo");
        assertThat(driver.findElement(By.id("profile-ECHO")).isSelected()).isTrue();
        driver.findElement(By.id("start-fleet")).click();
        WebElement flash = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));
        assertThat(flash.getText()).startsWith("Started fleet-");
        String fleetId = flash.getText().split(" ")[1];
        String key = new Http(port).get("/api/v1/simulator/fleets/" + fleetId + "/modules").json()
                .get("content").get(0).get("key").asString();
        waiting().until(d -> d.findElement(By.id("fleets-live")).getText().contains(fleetId));
        screenshot("simulator");

        // the module appears in the list (searched as you type, on the server) with an open session
        driver.findElement(By.id("nav-modules")).click();
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Modules"));
        driver.findElement(By.id("q")).sendKeys(key);
        By row = By.cssSelector("tr[data-module='" + key + "']");
        waiting().until(d -> {
            List<WebElement> rows = d.findElements(row);
            if (rows.isEmpty() || !rows.get(0).getText().contains("open")) {
                d.navigate().refresh();
                return false;
            }
            return true;
        });
        driver.findElement(By.id("q")).clear();
        driver.navigate().to(url("/console/modules"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("modules-table")));
        screenshot("modules");

        driver.navigate().to(url("/console/modules/" + key));
        waiting().until(ExpectedConditions.attributeToBe(By.id("main"), "data-stream", "open"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#session [data-session-state='OPEN']")));
        WebElement data = driver.findElement(By.id("data"));
        data.sendKeys("hello from the console");
        data.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-result"), "Sent 24 bytes"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("frames"),
                "hello from the console"));
        driver.findElement(By.id("data")).sendKeys("41 54 0d 0a"); // hex, replacing the selected text
        driver.findElement(By.id("enc-hex")).click();
        driver.findElement(By.id("crlf")).click();
        driver.findElement(By.id("send")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-result"), "Sent 4 bytes"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("frames"), "41 54 0d 0a"));
        // the session panel follows over SSE: two frames each way by now
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), "2 / 2"));
        screenshot("module-terminal");
    }

    @Test
    @Order(2)
    void cancelsAMessageQueuedForAnOfflineModule() {
        Http admin = new Http(port);
        assertThat(admin.post("/api/v1/modules", "{\"moduleKey\":\"browser-offline-1\",\"name\":\"Pump 7\","
                + "\"labels\":{\"site\":\"berlin\"}}").status()).isEqualTo(201);
        logIn();
        driver.navigate().to(url("/console/modules/browser-offline-1"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#session [data-session-state='NONE']")));
        driver.findElement(By.id("data")).sendKeys("reboot");
        driver.findElement(By.id("queue")).click();
        driver.findElement(By.id("send")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-result"), "Queued in the outbox"));

        driver.findElement(By.id("tab-outbox")).click();
        By queued = By.cssSelector("#outbox-table tr[data-state='QUEUED']");
        WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(queued));
        String messageId = row.getAttribute("data-message");
        screenshot("outbox");
        row.findElement(By.tagName("button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "cancelled"));
        assertThat(driver.findElements(By.cssSelector("tr[data-message='" + messageId + "'][data-state='CANCELLED']")))
                .hasSize(1);
        JsonNode message = admin.get("/api/v1/outbox/" + messageId).json();
        assertThat(message.get("state").asString()).isEqualTo("CANCELLED");

        driver.findElement(By.id("tab-history")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("history-table")));
    }

    @Test
    @Order(3)
    void theMainNavigationWorksWithTheKeyboardAlone() {
        logIn();
        driver.navigate().to(url("/console"));
        waiting().until(ExpectedConditions.attributeToBe(By.id("main"), "data-stream", "open"));
        screenshot("overview");
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(focused().getText()).isEqualTo("Skip to content");
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            focused().sendKeys(Keys.TAB);
            order.add(focused().getText());
        }
        assertThat(order).containsExactly("Fleet Gateway", "Overview", "Modules", "Simulator", "API docs", "Log out");

        // back to Modules with Shift+Tab, open it with Enter, then search from the keyboard
        for (int i = 0; i < 3; i++) {
            focused().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        }
        assertThat(focused().getText()).isEqualTo("Modules");
        focused().sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Modules"));
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB); // skip link
        focused().sendKeys(Keys.ENTER); // to the main content
        for (int i = 0; i < 10 && !"q".equals(focused().getAttribute("id")); i++) {
            focused().sendKeys(Keys.TAB);
        }
        assertThat(focused().getAttribute("id")).isEqualTo("q");
        focused().sendKeys("browser-offline");
        focused().sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-module='browser-offline-1']")));
        for (int i = 0; i < 10 && !"browser-offline-1".equals(focused().getText()); i++) {
            focused().sendKeys(Keys.TAB);
        }
        assertThat(focused().getText()).isEqualTo("browser-offline-1");
        focused().sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Module browser-offline-1"));
    }

    private WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** The whole page from the top: the window grows to the page's height for the shot (bounded), then shrinks. */
    private void screenshot(String name) {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) Math.min(2400, height + 140)));
        js.executeScript("window.scrollTo(0, 0)");
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(before);
        try {
            Path tmp = Files.createTempFile(shots, name, ".png.tmp");
            Files.write(tmp, png);
            Files.move(tmp, shots.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
