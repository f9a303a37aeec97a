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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

        Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1000,2200", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            chromium.destroyForcibly();
        }
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();
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
