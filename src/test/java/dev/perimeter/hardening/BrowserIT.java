package dev.perimeter.hardening;

import dev.perimeter.TestApp;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.util.Addresses;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pages in a real browser: headless Chromium (Debian's /usr/bin/chromium and /usr/bin/chromedriver, driven by
 * Selenium) against the whole app on a random port, with a real anvil chain behind the wallet pages. Each journey runs
 * twice: with JavaScript (the progress stream enhances the form) and with JavaScript switched off in the browser (plain
 * forms and links must do everything). The browser log must show no Content-Security-Policy violation.
 *
 * <p>Skipped only where Chromium is not installed and the CI variable is unset; under CI it must run (.ci/run installs it).
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String WALLET = "0x9999999999999999999999999999999999999971";
    static final String CLEAN = "0x9999999999999999999999999999999999999972";
    static final String CONTROL_KEY = "0x00000000000000000000000000000000000e0a01";

    static Anvil anvil;
    static TestApp app;
    static WebDriver js, noJs;
    static final List<Path> profiles = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (/usr/bin/chromium) and CI is not set");
        }
        assertTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium is required (.ci/run installs Debian's chromium)");
        assertTrue(Files.isExecutable(CHROMEDRIVER), "/usr/bin/chromedriver is required (.ci/run installs chromium-driver)");

        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        String aToken = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> "aave".equals(t.protocol()) && t.kind().equals("receipt"));
        String usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        String rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
        anvil = new Anvil(1);
        app = new TestApp(Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", anvil.url(),
                "PERIMETER_SCAN_RATE_PER_MINUTE", "1000"));
        String exploited = app.wiring.exposure.snapshot().exploitedContracts("ethereum").get(0);
        anvil.placeMulticall();
        anvil.placeToken(usdc, "USD Coin", "USDC", 6);
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.placeToken(aToken, "Aave token", "aTKN", 18);
        anvil.mint(usdc, WALLET, new BigInteger("2500000000"));
        anvil.mint(rseth, WALLET, new BigInteger("1000000000000000000"));
        // rsETH as a proxy whose admin is one key (issue 21): the wallet page says who controls it
        dev.perimeter.testchain.ControlContracts.slot(anvil, rseth, dev.perimeter.testchain.ControlContracts.IMPLEMENTATION_SLOT,
                "0x0000000000000000000000000000000000001a01");
        dev.perimeter.testchain.ControlContracts.slot(anvil, rseth, dev.perimeter.testchain.ControlContracts.ADMIN_SLOT, CONTROL_KEY);
        anvil.mint(aToken, WALLET, new BigInteger("7000000000000000000"));
        anvil.approve(usdc, WALLET, exploited, new BigInteger("2").pow(256).subtract(BigInteger.ONE));
        anvil.setNativeBalance(CLEAN, new BigInteger("1000000000000000000"));

        js = browser(true);
        noJs = browser(false);
    }

    @AfterAll
    static void stop() throws Exception {
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            if (d != null) d.quit();
        }
        if (app != null) app.close();
        if (anvil != null) anvil.close();
        for (Path p : profiles) deleteTree(p);
    }

    static WebDriver browser(boolean javascript) throws Exception {
        Path profile = dev.perimeter.TestFiles.tempDir("perimeter-chromium");
        profiles.add(profile);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                "--user-data-dir=" + profile);
        if (!javascript) o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return d;
    }

    static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (Exception e) {
            // a temp dir: best effort
        }
    }

    static WebDriverWait waiting(WebDriver d) {
        return new WebDriverWait(d, Duration.ofSeconds(20));
    }

    static String text(WebDriver d) {
        return d.findElement(By.tagName("body")).getText();
    }

    /** Browser console entries so far (the log is drained on each read); empty where the driver cannot give it. */
    static List<LogEntry> consoleLog(WebDriver d) {
        try {
            return d.manage().logs().get(LogType.BROWSER).getAll();
        } catch (RuntimeException e) {
            System.out.println("BrowserIT: the browser log is not available: " + e);
            return List.of();
        }
    }

    static void assertNoCspViolations(WebDriver d, String where) {
        List<String> bad = new ArrayList<>();
        for (LogEntry e : consoleLog(d)) {
            String m = e.getMessage();
            if (m.contains("Content Security Policy") || m.contains("Content-Security-Policy") || m.contains("Refused to")) bad.add(m);
            else if (e.getLevel().intValue() >= Level.SEVERE.intValue()) System.out.println("BrowserIT: console error on " + where + ": " + m);
        }
        assertTrue(bad.isEmpty(), "CSP violations on " + where + ": " + bad);
    }

    /** Paste an address on the home page and submit; returns the wallet page's URL path. */
    static String checkFromHome(WebDriver d, String typed) {
        d.get(app.base + "/");
        assertEquals("What is your wallet exposed to?", d.findElement(By.tagName("h1")).getText());
        WebElement input = d.findElement(By.id("address"));
        input.sendKeys(typed);
        input.submit();
        waiting(d).until(ExpectedConditions.urlMatches("/wallet/0x[0-9a-fA-F]{40}$"));
        waiting(d).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section[aria-label=Findings]")));
        return java.net.URI.create(d.getCurrentUrl()).getPath();
    }

    @Test
    void homePageRendersWithFiguresAndNavigation() {
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            d.get(app.base + "/");
            assertTrue(d.getTitle().contains("Perimeter"), d.getTitle());
            String body = text(d);
            assertTrue(body.contains("The incident database"), body);
            Matcher m = Pattern.compile("Incidents\\s+([0-9,]+)").matcher(body);
            assertTrue(m.find() && Integer.parseInt(m.group(1).replace(",", "")) > 800, "incident count shown: " + body);
            for (String link : List.of("Incidents", "Statistics", "Protocols", "Infrastructure")) {
                assertFalse(d.findElements(By.linkText(link)).isEmpty(), link + " in the navigation");
            }
            // Same-origin stylesheet and script are served and applied (the CSP allows 'self' only).
            assertEquals("absolute", d.findElement(By.cssSelector("label.sr")).getCssValue("position"), "perimeter.css applied");
            assertNoCspViolations(d, "/");
        }
    }

    @Test
    void walletFormLeadsToTheReportWithFindings() throws Exception {
        // With JavaScript the progress stream runs and sends the browser to the checksummed address; without it, the
        // form's GET /wallet?address=… redirects to the address as typed. Both end on the same report.
        String withJs = checkFromHome(js, WALLET);
        assertEquals("/wallet/" + Addresses.checksum(WALLET), withJs, "the progress script led the way");
        String withoutJs = checkFromHome(noJs, WALLET);
        assertEquals("/wallet/" + WALLET, withoutJs, "plain form submit and redirect");
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            assertTrue(d.findElement(By.tagName("h1")).getText().contains(Addresses.checksum(WALLET)));
            List<WebElement> findings = d.findElements(By.cssSelector("article.finding"));
            assertTrue(findings.size() >= 3, "findings shown: " + findings.size());
            String body = text(d);
            assertTrue(body.contains("approval_to_exploited_contract"), body);
            assertTrue(body.contains("holds_asset_of_hacked_protocol"), body);
            assertFalse(body.contains("No known exposure found."));
            assertFalse(d.findElements(By.cssSelector("a[href='/incidents/2026-04-18-kelpdao']")).isEmpty(), "link to the incident");
            // Evidence is folded away, and opens on a click (a <details> element: no script needed).
            WebElement details = d.findElement(By.cssSelector("article.finding details"));
            assertNull(details.getAttribute("open"));
            details.findElement(By.tagName("summary")).click();
            assertNotNull(details.getAttribute("open"));
            assertTrue(details.getText().contains("Rule:"));
            // Who controls each holding, in words, with the rule's severity (control read inside the scan)
            WebElement holdings = d.findElement(By.cssSelector("section[aria-label=Holdings]"));
            assertTrue(holdings.getText().contains("Who controls it"), holdings.getText());
            WebElement rsethRow = holdings.findElements(By.tagName("tr")).stream().filter(tr -> tr.getText().startsWith("rsETH")).findFirst().orElseThrow();
            WebElement cell = rsethRow.findElement(By.cssSelector("td.control"));
            assertTrue(cell.getText().contains("proxy, upgraded at once by one key " + Addresses.checksum(CONTROL_KEY).substring(0, 6)),
                    cell.getText());
            assertEquals("medium", cell.findElement(By.cssSelector(".badge")).getText());
            assertTrue(text(d).contains("rsETH can be upgraded at once by one key"), "the control_risk finding's sentence");
            assertNoCspViolations(d, "/wallet/…");
        }
        js.get(app.base + "/wallet/" + Addresses.checksum(WALLET));
        Path shot = buildDir().resolve("browser/wallet-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) js).getScreenshotAs(OutputType.BYTES));
        System.out.println("BrowserIT: screenshot of the wallet page: " + shot);
        assertTrue(Files.size(shot) > 10_000);
    }

    @Test
    void cleanWalletSaysNoKnownExposure() {
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            checkFromHome(d, CLEAN);
            String body = text(d);
            assertTrue(body.contains("No known exposure found."), body);
            assertTrue(d.findElements(By.cssSelector("article.finding")).isEmpty());
            assertTrue(body.contains("exploited contracts"), "says what was checked");
            assertNoCspViolations(d, "/wallet/clean");
        }
    }

    @Test
    void incidentFiltersWork() {
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            d.get(app.base + "/incidents");
            int all = shownTotal(d);
            new Select(d.findElement(By.name("semester"))).selectByValue("2026-H1");
            new Select(d.findElement(By.name("vector"))).selectByValue("infrastructure");
            d.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waiting(d).until(ExpectedConditions.urlContains("semester=2026-H1"));
            assertTrue(d.getCurrentUrl().contains("vector=infrastructure"), d.getCurrentUrl());
            int filtered = shownTotal(d);
            assertTrue(filtered > 0 && filtered < all, filtered + " of " + all);
            // The form keeps the chosen filters, and every row shown matches them.
            assertEquals("2026-H1", new Select(d.findElement(By.name("semester"))).getFirstSelectedOption().getAttribute("value"));
            List<WebElement> rows = d.findElements(By.cssSelector("table.data tbody tr"));
            assertFalse(rows.isEmpty());
            for (WebElement r : rows) {
                List<WebElement> cells = r.findElements(By.tagName("td"));
                assertTrue(cells.get(0).getText().matches("2026-0[1-6]-\\d\\d"), "date in 2026-H1: " + cells.get(0).getText());
                assertFalse(r.findElements(By.cssSelector("span.vector-infrastructure")).isEmpty(), "vector badge: " + r.getText());
            }

            // Free-text search, then into an incident and back by its link.
            d.get(app.base + "/incidents");
            WebElement q = d.findElement(By.name("q"));
            q.sendKeys("kelp");
            q.submit();
            waiting(d).until(ExpectedConditions.urlContains("q=kelp"));
            d.findElement(By.cssSelector("a[href='/incidents/2026-04-18-kelpdao']")).click();
            waiting(d).until(ExpectedConditions.urlContains("/incidents/2026-04-18-kelpdao"));
            assertTrue(d.findElement(By.tagName("h1")).getText().startsWith("KelpDAO"), d.findElement(By.tagName("h1")).getText());
            assertNoCspViolations(d, "/incidents");
        }
    }

    @Test
    void dismissingAFindingAndShowingItAgain() {
        // A real browser sends Origin on form posts: this checks the same-origin guard lets the instance's own pages through.
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            d.get(app.base + "/wallet/" + Addresses.checksum(WALLET));
            WebElement first = d.findElement(By.cssSelector("article.finding"));
            String kind = first.findElement(By.cssSelector(".kind")).getText();
            first.findElement(By.cssSelector("form.dismiss button")).click();
            waiting(d).until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.finding.dismissed")),
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error-message"))));
            assertTrue(d.findElements(By.cssSelector("p.error-message")).isEmpty(), "dismissing from the page failed: " + text(d));
            WebElement dismissed = d.findElement(By.cssSelector("article.finding.dismissed"));
            assertEquals(kind, dismissed.findElement(By.cssSelector(".kind")).getText());
            assertTrue(text(d).contains("1 finding(s) dismissed"), text(d));
            dismissed.findElement(By.cssSelector("form.dismiss button")).click(); // "Show again"
            waiting(d).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("article.finding.dismissed"), 0));
            assertNoCspViolations(d, "dismiss/restore");
        }
    }

    @Test
    void theCspCheckWouldSeeAViolation() {
        // The detector's own test: an inline script added to a page must be refused by the CSP and show in the log.
        js.get(app.base + "/incidents");
        consoleLog(js);
        ((org.openqa.selenium.JavascriptExecutor) js).executeScript(
                "var s = document.createElement('script'); s.textContent = 'window.perimeterInline = 1'; document.body.appendChild(s);");
        List<LogEntry> log = new ArrayList<>();
        long until = System.currentTimeMillis() + 5_000;
        while (log.isEmpty() && System.currentTimeMillis() < until) log.addAll(consoleLog(js));
        assertTrue(log.stream().anyMatch(e -> e.getMessage().contains("Content Security Policy")),
                "an inline script is reported as a CSP violation: " + log.stream().map(LogEntry::getMessage).toList());
        assertNull(((org.openqa.selenium.JavascriptExecutor) js).executeScript("return window.perimeterInline;"), "and it did not run");
    }

    static int shownTotal(WebDriver d) {
        Matcher m = Pattern.compile("([0-9,]+) incident\\(s\\)").matcher(text(d));
        assertTrue(m.find(), text(d));
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    @Test
    void everyPageLoadsWithoutCspViolations() {
        List<String> pages = List.of("/", "/incidents", "/incidents/2026-04-18-kelpdao", "/stats", "/stats/2026-H1", "/protocols",
                "/protocols/kelpdao", "/infrastructure", "/wallet/" + CLEAN, "/no-such-page");
        for (WebDriver d : new WebDriver[] {js, noJs}) {
            consoleLog(d);
            for (String p : pages) {
                d.get(app.base + p);
                assertFalse(d.findElements(By.tagName("h1")).isEmpty(), "a heading on " + p);
                assertNoCspViolations(d, p);
            }
            // An infrastructure page, reached by its link.
            d.get(app.base + "/infrastructure");
            d.findElement(By.cssSelector("main a[href^='/infrastructure/']")).click();
            waiting(d).until(ExpectedConditions.urlMatches("/infrastructure/[a-z0-9-]+$"));
            assertNoCspViolations(d, d.getCurrentUrl());
        }
    }

    /** The build output folder (target/, or -Dperimeter.buildDir): where the test classes were loaded from, one up. */
    static Path buildDir() throws Exception {
        return Path.of(BrowserIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
