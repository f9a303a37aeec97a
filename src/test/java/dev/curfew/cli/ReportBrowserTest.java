package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the HTML report in a real headless Chromium (Debian's package) and checks the
 * screenshot shows the page: skipped where /usr/bin/chromium is not installed.
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void chromiumRendersTheHtmlReportWithItsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install -y chromium)");
        CliHistory cli = new CliHistory(dir, "");
        try (var ds = HistoryStore.dataSource(null, null, null, cli.dataDir)) {
            HistoryStore store = new HistoryStore(ds, "node1");
            store.migrate();
            fortnight(store);
        }
        Path html = dir.resolve("report.html");
        assertThat(cli.run("report", "--since", "2026-11-09", "--until", "2026-11-23", "--format", "html", "-o",
                html.toString()).exit()).isZero();

        Path png = screenshot(html, "report-screenshot.png");
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(1000);
        // A page with three charts has many colours; a blank or broken page has a handful.
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < shot.getHeight(); y += 3) {
            for (int x = 0; x < shot.getWidth(); x += 3) {
                colours.add(shot.getRGB(x, y));
            }
        }
        assertThat(colours.size()).isGreaterThan(200);
    }

    /**
     * The idle histogram as Chromium shows it, for 1, 3 and 1,000 disconnects: its axes (said in the
     * image's text) fit its bars (listed in the table under it), which count every disconnect.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 1000})
    void theIdleHistogramHasSaneAxesAndBarsInTheBrowser(int n) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install -y chromium)");
        CliHistory cli = new CliHistory(dir, "");
        Instant day = Instant.parse("2026-11-10T07:00:00Z");
        Random random = new Random(n);
        try (var ds = HistoryStore.dataSource(null, null, null, cli.dataDir)) {
            HistoryStore store = new HistoryStore(ds, "node1");
            store.migrate();
            for (int i = 0; i < n; i++) {
                int idle = n == 1 ? 40 : 30 + random.nextInt(n == 3 ? 11 : 60);
                CliHistory.act(store, day.plusSeconds(20L * i), "ms01", 2 + i % 40, "u" + i % 97, ActionType.DISCONNECT,
                        "idle limit", "idle " + idle + "m", Outcome.DONE, null, idle);
            }
        }
        Path html = dir.resolve("report.html");
        assertThat(cli.run("report", "--since", "2026-11-10", "--until", "2026-11-11", "--format", "html", "-o",
                html.toString()).exit()).isZero();

        String dom = chromium(html, "--dump-dom");
        Matcher axes = Pattern.compile("idle minutes at disconnect: idle (\\d+) to (\\d+) minutes, 0 to ([\\d.]+)"
                + " disconnects").matcher(dom);
        assertThat(axes.find()).as(dom).isTrue();
        Matcher bar = Pattern.compile("<tr><td>(\\d+) to (\\d+)</td><td class=\"n\">(\\d+)</td></tr>").matcher(dom);
        long sum = 0;
        long most = 0;
        long firstMinute = Long.MAX_VALUE;
        long lastMinute = 0;
        while (bar.find()) {
            long count = Long.parseLong(bar.group(3));
            sum += count;
            most = Math.max(most, count);
            firstMinute = Math.min(firstMinute, Long.parseLong(bar.group(1)));
            lastMinute = Math.max(lastMinute, Long.parseLong(bar.group(2)));
        }
        assertThat(sum).as("disconnects in the bars").isEqualTo(n);
        assertThat(Double.parseDouble(axes.group(3))).as("top of the count axis").isBetween((double) most,
                most * 1.1 + 1);
        assertThat(Long.parseLong(axes.group(1))).as("start of the minutes axis").isLessThanOrEqualTo(firstMinute)
                .isGreaterThanOrEqualTo(firstMinute - 10);
        assertThat(Long.parseLong(axes.group(2))).as("end of the minutes axis").isGreaterThanOrEqualTo(lastMinute)
                .isLessThanOrEqualTo(lastMinute + 10);
        if (n == 1) {
            assertThat(firstMinute).isEqualTo(40);
            assertThat(lastMinute).isEqualTo(41);
        }
        assertThat(screenshot(html, "report-histogram-" + n + ".png")).exists();
    }

    /** A screenshot of the page in target/, to look at. */
    private Path screenshot(Path html, String name) throws Exception {
        Path png = Path.of("target", name).toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(html, "--window-size=1000,2200", "--screenshot=" + png);
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();
        return png;
    }

    /** Runs headless Chromium on {@code html} with {@code options}; returns what it printed. */
    private String chromium(Path html, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(options));
        command.add(html.toUri().toString());
        Path log = dir.resolve("chromium.log");
        Process chromium = new ProcessBuilder(command).redirectError(dir.resolve("chromium-err.log").toFile())
                .redirectOutput(log.toFile()).start();
        try {
            assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            chromium.destroyForcibly();
        }
        return Files.readString(log);
    }

    /** Two weeks of a school: idle disconnects, closings, overnight logoffs, a few failures and come-backs. */
    static void fortnight(HistoryStore store) {
        Random random = new Random(7);
        List<String> users = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
                "judy", "mallory", "oscar");
        Instant day = Instant.parse("2026-11-09T07:00:00Z");
        for (int d = 0; d < 14; d++, day = day.plus(Duration.ofDays(1))) {
            int weekday = d % 7;
            if (weekday == 5 || weekday == 6) {
                continue;
            }
            for (int i = 0; i < 6 + random.nextInt(10); i++) {
                String user = users.get((int) Math.abs(random.nextGaussian() * 4) % users.size());
                String server = "ms0" + (1 + random.nextInt(3)) + ".school.local";
                Instant at = day.plusSeconds(random.nextInt(9 * 3600));
                int idle = 30 + (int) Math.abs(random.nextGaussian() * 12);
                CliHistory.act(store, at.minusSeconds(120), server, i + 2, user, ActionType.WARN, "idle limit",
                        "idle " + (idle - 2) + "m", Outcome.DONE, null, idle - 2);
                boolean failed = random.nextInt(25) == 0;
                CliHistory.act(store, at, server, i + 2, user, ActionType.DISCONNECT, "idle limit", "idle " + idle + "m",
                        failed ? Outcome.FAILED : Outcome.DONE, failed ? "RPC server unavailable (1722)" : null, idle);
                if (!failed && random.nextInt(4) == 0) {
                    Instant back = at.plusSeconds(60 + random.nextInt(500));
                    store.recordConnections(ServerName.of(server), List.of(Session.builder(ServerName.of(server), i + 2,
                            SessionState.ACTIVE).user(user).logon(at.minusSeconds(3600)).connect(back).lastInput(back)
                            .observedAt(back).build()), back);
                }
            }
            for (int i = 0; i < 3 + random.nextInt(8); i++) {
                CliHistory.act(store, day.plusSeconds(11 * 3600), "ms0" + (1 + random.nextInt(3)) + ".school.local",
                        40 + i, users.get(random.nextInt(users.size())), ActionType.DISCONNECT, "closing", "end of day",
                        Outcome.DONE, null, random.nextInt(20));
            }
            for (int i = 0; i < random.nextInt(4); i++) {
                CliHistory.act(store, day.minusSeconds(3600), "ms0" + (1 + random.nextInt(3)) + ".school.local", 60 + i,
                        users.get(random.nextInt(users.size())), ActionType.LOGOFF, "disconnected limit",
                        "disconnected 8h", Outcome.DONE, null, 0);
            }
        }
    }
}
