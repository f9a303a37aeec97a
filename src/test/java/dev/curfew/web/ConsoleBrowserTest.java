package dev.curfew.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's chromium driven by Selenium through chromium-driver,
 * against a real daemon on the simulated demo. One daemon and one browser for the class; the
 * tests run in order (the second disconnects carol). Screenshots go to target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String NEXT_STEP = "(disconnect|logoff) at [0-9: -]+, (in .+|due now), (idle limit|closing|disconnected limit)";

    static Path dir;
    static ConsoleDaemon curfew;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install -y chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "chromium-driver is not installed (apt-get install -y chromium-driver)");
        dir = Files.createTempDirectory("curfew-console");
        curfew = ConsoleDaemon.start(dir, false);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
        browser.get(curfew.url + "/console/sessions");
        assertThat(browser.getCurrentUrl()).as("a page asked for before signing in shows the form").endsWith("/console/login");
        browser.findElement(By.id("name")).sendKeys(ConsoleDaemon.OPERATOR);
        browser.findElement(By.id("password")).sendKeys(ConsoleDaemon.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/console/sessions"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (curfew != null) {
            curfew.close();
        }
    }

    @Test
    @Order(1)
    void theSessionsPageListsTheDemosSessionsWithCurfewsNextStep() throws Exception {
        browser.get(curfew.url + "/console/sessions");
        Map<String, String> next = waitFor(d -> {
            Map<String, String> byUser = nextSteps();
            return byUser.keySet().containsAll(List.of("SCHOOL\\admin", "SCHOOL\\carol", "SCHOOL\\frank",
                    "SCHOOL\\svc_backup", "SCHOOL\\erin")) ? byUser : null;
        });
        assertThat(next.get("SCHOOL\\admin")).isEqualTo("⊘ protected: console session");
        assertThat(next.get("SCHOOL\\svc_backup")).isEqualTo("exempt");
        assertThat(next.get("SCHOOL\\carol")).matches(NEXT_STEP);
        assertThat(next.get("SCHOOL\\erin")).matches(NEXT_STEP);
        assertThat(browser.findElement(By.cssSelector("tr[data-session='ms01.school.local:0'] td.next")).getText())
                .isEqualTo("⊘ protected: services session");
        assertThat(browser.findElement(By.cssSelector("tr[data-session='ms01.school.local:4'] td.state")).getText())
                .as("the state in words, not colour alone").isEqualTo("● Active");
        shot("sessions");

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
        try {
            browser.get(curfew.url + "/console/sessions");
            assertThat((Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth")).as("no sideways scrolling of"
                    + " the page on a tablet (the table scrolls in its box)").isLessThanOrEqualTo(0L);
            shot("sessions-tablet");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    @Order(2)
    void aDisconnectAfterItsConfirmationChangesTheStateAndIsRecordedWithSourceWebAndTheOperator() throws Exception {
        browser.get(curfew.url + "/console/sessions");
        ((JavascriptExecutor) browser).executeScript("window.curfewMarker = 'same page';");
        String carol = "tr[data-session='ms01.school.local:4']";
        browser.findElement(By.cssSelector(carol + " a[data-action='disconnect']")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Disconnect 1 session?");
        assertThat(browser.findElement(By.cssSelector("ul.named")).getText())
                .isEqualTo("SCHOOL\\carol on ms01.school.local, session 4 (PC-11, Active)");
        shot("confirm");
        browser.findElement(By.id("confirm")).click();
        assertThat(browser.findElement(By.cssSelector("td.outcome")).getText()).isEqualTo("done");
        shot("done");

        browser.get(curfew.url + "/console/sessions");
        ((JavascriptExecutor) browser).executeScript("window.curfewMarker = 'same page';");
        String state = waitFor(d -> {
            String s = d.findElement(By.cssSelector(carol + " td.state")).getText();
            return s.contains("Disconnected") ? s : null;
        });
        assertThat(state).isEqualTo("○ Disconnected");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.curfewMarker"))
                .as("the page updated in place, not reloaded").isEqualTo("same page");
        assertThat(curfew.curfew.host().session(ServerName.of("ms01.school.local"), 4)).get()
                .extracting(s -> s.state()).isEqualTo(SessionState.DISCONNECTED);

        List<HistoryEntry> rows = curfew.curfew.history().query(new HistoryFilter(null, null, null, "carol", null,
                null, null, 0));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ActionType.DISCONNECT);
            assertThat(r.source()).isEqualTo(Source.WEB);
            assertThat(r.rule()).isEqualTo("web console");
            assertThat(r.reason()).isEqualTo("by " + ConsoleDaemon.OPERATOR);
            assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        });
        browser.get(curfew.url + "/console/history?user=carol");
        assertThat(browser.findElement(By.cssSelector("table.history tbody")).getText())
                .contains("disconnect web console by olga web done");
        shot("history");
    }

    @Test
    @Order(3)
    void theConsoleSessionHasNoDisconnectButtonAndAForgedRequestForItIsRefused() throws Exception {
        browser.get(curfew.url + "/console/sessions");
        WebElement console = browser.findElement(By.cssSelector("tr[data-session='ms01.school.local:1']"));
        assertThat(console.findElements(By.cssSelector("a[data-action]"))).isEmpty();
        assertThat(console.findElements(By.cssSelector("input[type=checkbox]"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("tr[data-session='ms01.school.local:2'] a[data-action]")))
                .as("another's row has them").isNotEmpty();

        ConsoleClient olga = asBrowser();
        HttpResponse<String> forged = olga.post("/console/act", "csrf", csrfOfBrowser(), "action", "disconnect",
                "s", "ms01.school.local:1");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).isEqualTo("refused: SCHOOL\\admin on ms01.school.local, session 1 (Active): it is"
                + " the console session (nothing was done)\n");
        assertThat(curfew.curfew.history().query(new HistoryFilter(null, null, null, "admin", null, null, null, 0)))
                .isEmpty();
        assertThat(curfew.curfew.host().session(ServerName.of("ms01.school.local"), 1)).get()
                .extracting(s -> s.state()).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    @Order(4)
    void aViewerSeesTheSessionsButGets403WhenActing() throws Exception {
        ConsoleClient victor = new ConsoleClient(curfew.url);
        assertThat(victor.signIn(ConsoleDaemon.VIEWER, ConsoleDaemon.PASSWORD).statusCode()).isEqualTo(303);
        HttpResponse<String> page = victor.get("/console/sessions");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("SCHOOL\\frank").doesNotContain("data-action=");

        HttpResponse<String> act = victor.post("/console/act", "csrf", ConsoleClient.csrf(page.body()), "action",
                "disconnect", "s", "ms02.school.local:3");

        assertThat(act.statusCode()).isEqualTo(403);
        assertThat(act.body()).isEqualTo("refused: victor is a viewer; only an operator may act\n");
        assertThat(victor.get("/console/confirm?action=logoff&s=ms02.school.local:3").statusCode()).isEqualTo(403);
        assertThat(curfew.curfew.history().query(new HistoryFilter(null, null, null, "grace", null, null, null, 0)))
                .isEmpty();
    }

    @Test
    @Order(5)
    void aRequestWithoutTheCsrfTokenIsRefused() throws Exception {
        ConsoleClient olga = asBrowser();

        HttpResponse<String> none = olga.post("/console/act", "action", "disconnect", "s", "ms02.school.local:3");
        HttpResponse<String> wrong = olga.post("/console/act", "csrf", "forged", "action", "disconnect", "s",
                "ms02.school.local:3");
        HttpResponse<String> signIn = new ConsoleClient(curfew.url).post("/console/login", "name",
                ConsoleDaemon.OPERATOR, "password", ConsoleDaemon.PASSWORD);

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).isEqualTo("refused: the request carries no CSRF token (reload the page and try again)\n");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("refused: the CSRF token is not this sign-in's (reload the page and try again)\n");
        assertThat(signIn.statusCode()).isEqualTo(403);
        assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(curfew.curfew.history().query(new HistoryFilter(null, null, null, "grace", null, null, null, 0)))
                .isEmpty();
    }

    @Test
    @Order(6)
    void theReportPageShowsItsCharts() throws Exception {
        browser.get(curfew.url + "/console/report?since=1d");
        List<WebElement> charts = browser.findElements(By.cssSelector(".report img"));
        assertThat(charts).hasSize(3);
        for (WebElement chart : charts) {
            assertThat(chart.getAttribute("src")).startsWith("data:image/png;base64,");
            assertThat((Long) ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth", chart))
                    .as("the chart was decoded").isGreaterThan(100);
        }
        assertThat(browser.findElement(By.cssSelector(".report .cards")).getText()).contains("actions");
        shot("report");
    }

    @Test
    @Order(7)
    void theServersUpcomingAndRulesPagesShowWhatTheDaemonKnows() throws Exception {
        browser.get(curfew.url + "/console/servers");
        assertThat(browser.findElement(By.cssSelector("main table")).getText()).contains("ms01.school.local ✓ answering")
                .contains("ms02.school.local ✓ answering");
        shot("servers");
        browser.get(curfew.url + "/console/upcoming");
        assertThat(browser.findElement(By.cssSelector("main h2")).getText()).isEqualTo("Next closing");
        assertThat(browser.findElement(By.id("closing")).getText()).matches("disconnect at [0-9: -]+, in .+, on 2 servers\\.");
        shot("upcoming");
        browser.get(curfew.url + "/console/rules");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("idle.drl").contains("idle limit warning")
                .contains("limit 30m, warn 2m, then disconnect");
        shot("rules");
    }

    /** Each session's next step on the page, by user. */
    private static Map<String, String> nextSteps() {
        Map<String, String> out = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("table.sessions tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            out.put(cells.get(3).getText(), row.findElement(By.cssSelector("td.next")).getText());
        }
        return out;
    }

    /** An HTTP client holding the browser's sign-in cookie (HttpOnly: a page's script cannot read it; the driver can). */
    private static ConsoleClient asBrowser() {
        ConsoleClient c = new ConsoleClient(curfew.url);
        var cookie = browser.manage().getCookieNamed(SignIns.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        java.net.HttpCookie h = new java.net.HttpCookie(cookie.getName(), cookie.getValue());
        h.setPath("/console");
        h.setVersion(0);
        c.cookies.getCookieStore().add(java.net.URI.create(curfew.url), h);
        return c;
    }

    private static String csrfOfBrowser() {
        browser.get(curfew.url + "/console/sessions");
        return browser.findElement(By.cssSelector("form.who input[name=csrf]")).getAttribute("value");
    }

    private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }

    private static void shot(String page) throws Exception {
        Files.write(SHOTS.resolve(page + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
