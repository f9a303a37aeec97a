package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.schedule.Scheduling;
import dev.curfew.sweep.Sweeper;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.KieServices;

/**
 * Timing: how late warnings and actions are recorded (the intent) and done (the outcome), in real
 * time, against the instant they fell due, with a sweep interval of an hour so that nothing is found
 * by polling. Four sessions per server reach their idle warning and limit at staggered instants (due
 * checks); the others are busy until the closing, which comes with a warning before it.
 */
final class TimingBench {
    static final int STAGGERED_PER_SERVER = 4;
    static final Duration IDLE_WARN = Duration.ofSeconds(15);
    static final Duration CLOSING_WARN = Duration.ofSeconds(10);

    /**
     * Lateness in milliseconds per kind of action, of the intent ({@code idleWarn} ...) and of the
     * outcome ({@code ...Done}: when the call to the server had returned), and how many expected
     * actions were not recorded.
     */
    record Result(List<Double> idleWarn, List<Double> idleAct, List<Double> closingWarn, List<Double> closingAct,
            List<Double> dueChecksDone, List<Double> closingWarnDone, List<Double> closingActDone,
            long expected, long recorded, long early) {
        List<Double> all() {
            List<Double> out = new ArrayList<>(idleWarn);
            out.addAll(idleAct);
            out.addAll(closingWarn);
            out.addAll(closingAct);
            return out;
        }

        List<Double> dueChecks() {
            List<Double> out = new ArrayList<>(idleWarn);
            out.addAll(idleAct);
            return out;
        }
    }

    private TimingBench() {
    }

    static Result measure(BenchOptions o, RuleSet rules, int servers, Duration idleWarn)
            throws Exception {
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Duration window = o.timingWindow();
        Duration limit = BenchPolicy.defaults().idle().limit();
        int staggered = servers * Math.min(STAGGERED_PER_SERVER, o.sessions());
        // The k-th staggered session of server i is due at slot k * servers + i: a server's own checks are spread out.
        FleetHost.Seeds seeds = (server, session) -> {
            Instant logon = start.minus(Duration.ofHours(2));
            if (session > STAGGERED_PER_SERVER) {
                return new FleetHost.Seed(SessionState.ACTIVE, logon, null, null);
            }
            int slot = (session - 1) * servers + server;
            Instant warnDue = start.plusSeconds(5).plusMillis(window.toMillis() * slot / staggered);
            return new FleetHost.Seed(SessionState.ACTIVE, logon, warnDue.plus(idleWarn).minus(limit), null);
        };
        FleetHost host = new FleetHost(servers, o.sessions(), o.latency(), seeds, clock);
        // The closing warning comes 5 s after the last idle limit, when every staggered session is disconnected.
        Instant closingAt = start.plusSeconds(5).plus(window).plus(idleWarn).plus(CLOSING_WARN).plusSeconds(5);
        ZonedDateTime z = closingAt.atZone(ZoneOffset.UTC);
        Policy policy = BenchPolicy.with(BenchPolicy.defaults(), idleWarn,
                z.getSecond() + " " + z.getMinute() + " " + z.getHour() + " * * ?", List.of(CLOSING_WARN));
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("timing"))) {
            PolicyEngine engine = new PolicyEngine(rules, policy);
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, db.store(), clock), db.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, o.parallelism(), clock);
            long busy = (long) servers * o.sessions() - staggered;
            long expected = 2L * staggered + 2L * busy;
            try {
                FleetBench.sleepUntil(start);
                scheduling.start(host.defaultServers().stream().map(s -> new ServerConfig(s, Duration.ofHours(1))).toList());
                Instant deadline = closingAt.plusSeconds(60);
                while (Instant.now().isBefore(deadline)
                        && db.count("SELECT COUNT(*) FROM action WHERE outcome <> 'pending'") < expected) {
                    Thread.sleep(200);
                }
            } finally {
                scheduling.shutdown(60);
            }
            return lateness(db, start, window, staggered, servers, idleWarn, closingAt, expected);
        }
    }

    private static Result lateness(BenchDb db, Instant start, Duration window, int staggered, int servers, Duration idleWarn,
            Instant closingAt, long expected) {
        List<Double> idleWarnLate = new ArrayList<>();
        List<Double> idleActLate = new ArrayList<>();
        List<Double> closingWarn = new ArrayList<>();
        List<Double> closingAct = new ArrayList<>();
        List<Double> dueDone = new ArrayList<>();
        List<Double> closingWarnDone = new ArrayList<>();
        List<Double> closingActDone = new ArrayList<>();
        long recorded = 0;
        long early = 0;
        String sql = "SELECT server, session_id, action, source, at, finished_at FROM action";
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                recorded++;
                int server = Integer.parseInt(rs.getString(1).substring(3, 7)) - 1;
                int session = rs.getInt(2);
                boolean warn = rs.getString(3).equals("warn");
                boolean closing = rs.getString(4).equals("closing");
                Instant at = rs.getObject(5, OffsetDateTime.class).toInstant();
                OffsetDateTime finished = rs.getObject(6, OffsetDateTime.class);
                Instant due;
                if (closing) {
                    due = warn ? closingAt.minus(CLOSING_WARN) : closingAt;
                } else {
                    int slot = (session - 1) * servers + server;
                    Instant warnDue = start.plusSeconds(5).plusMillis(window.toMillis() * slot / staggered);
                    due = warn ? warnDue : warnDue.plus(idleWarn);
                }
                double ms = Duration.between(due, at).toNanos() / 1e6;
                if (ms < 0) {
                    early++;
                }
                (closing ? warn ? closingWarn : closingAct : warn ? idleWarnLate : idleActLate).add(ms);
                if (finished != null) {
                    (closing ? warn ? closingWarnDone : closingActDone : dueDone)
                            .add(Duration.between(due, finished.toInstant()).toNanos() / 1e6);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the actions: " + e.getMessage(), e);
        }
        return new Result(idleWarnLate, idleActLate, closingWarn, closingAct, dueDone, closingWarnDone, closingActDone,
                expected, recorded, early);
    }

    static Section run(BenchOptions o, RuleSet rules) throws Exception {
        long t = System.nanoTime();
        int servers = Math.min(o.servers(), 100);
        Section section = new Section("Timing", String.format("%d servers x %d sessions, %d ms per call, parallelism %d, "
                + "sweep every 1 h; %d sessions reach their idle warning and limit over %d s, the other %d are closed",
                servers, o.sessions(), o.latency().toMillis(), o.parallelism(), servers * Math.min(STAGGERED_PER_SERVER, o.sessions()),
                o.timingWindow().toSeconds(), servers * Math.max(0, o.sessions() - STAGGERED_PER_SERVER)));
        add(section, "due checks query their sessions", measure(o, rules, servers, IDLE_WARN));
        add(section, "a rule of the user's own", measure(o, ownRules(o), servers, IDLE_WARN));
        int closed = Math.max(0, o.sessions() - STAGGERED_PER_SERVER);
        long calls = FleetHost.ROSTER_CALLS + closed;
        double perServer = calls * o.latency().toMillis() / 1000.0;
        int sideBySide = o.actionsSideBySide();
        section.info("closing ideal floor: " + FleetHost.ROSTER_CALLS + " roster call + servers x " + closed
                        + " calls x latency / calls side by side", String.format("%.2f s (%d side by side: at most %d "
                        + "per server, %d in all; with each server's calls one after another it was %d wave(s) of "
                        + "%.2f s = %.2f s)", (FleetHost.ROSTER_CALLS + (double) servers * closed / sideBySide)
                        * o.latency().toMillis() / 1000.0, sideBySide, ActionRunner.DEFAULT_ACTIONS_PER_SERVER,
                        ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT, waves(servers, o.parallelism()), perServer,
                        waves(servers, o.parallelism()) * perServer));
        section.note("Lateness is the recorded intent's time minus the instant the warning or action fell due: the idle "
                + "warning (limit - " + IDLE_WARN.toSeconds() + " s; the default 2 m is shortened so both fall in the window), the idle "
                + "limit, the closing warning (" + CLOSING_WARN.toSeconds() + " s before) and the closing (a cron trigger).");
        section.note("A due check re-reads each of its sessions before acting: three calls per session, as the WTS binding "
                + "queries one session (WTSQuerySessionInformation for its info, client name and address). The closing "
                + "and its warning read the server's roster first (one call, as WTSEnumerateSessionsExW), then act "
                + "(one call per session, up to " + ActionRunner.DEFAULT_ACTIONS_PER_SERVER + " of one server and "
                + ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT + " in all side by side). The outcome rows are the same actions timed when the call had returned.");
        questions(o, section);
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }

    /** More time in a closing of 5,000 warned sessions: the pool of askers against users who answer or not. */
    private static void questions(BenchOptions o, Section section) throws InterruptedException {
        try (BenchDb db = BenchDb.fresh(o.workDir().resolve("questions"))) {
            QuestionsBench.Result q = QuestionsBench.measure(db.store(), 100, 50, Duration.ofSeconds(2),
                    Duration.ofSeconds(10));
            section.row("more time: 5,000 warned sessions (100 x 50), every one warned (asked or told)", "<= 10 s",
                            q.warnedMillis() + " ms", q.warnedMillis() <= 10_000)
                    .row("more time: questions waiting at once / threads left waiting after", "<= 64 / 0",
                            q.mostWaiting() + " / " + q.threadsAtEnd(), q.mostWaiting() <= 64 && q.threadsAtEnd() == 0)
                    .info("more time: asked / told plainly (every asker waiting)", q.asked() + " / " + q.told())
                    .info("more time: Yes answers / postponed rows recorded", q.yes() + " / " + q.postponedRows())
                    .info("more time: last question answered or timed out", q.answeredMillis() + " ms");
            section.note("More time: the closing warning with policy.message.moreTime on; a question blocks its thread"
                    + " as WTSSendMessageW with bWait does, one user in ten says Yes after 2 s, the others never"
                    + " (time-out at the due instant, 10 s away).");
        }
    }

    /**
     * The shipped closing rules and, instead of the shipped idle rules, an idle limit written as a user
     * would write a rule of their own: its warning and its {@code dueAt} alone tell curfew when to come back.
     */
    static RuleSet ownRules(BenchOptions o) throws IOException {
        Path dir = Files.createDirectories(o.workDir().resolve("timing-rules"));
        Files.copy(o.rulesDir().resolve("closing.drl"), dir.resolve("closing.drl"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("own-idle.drl"), OWN_IDLE_RULES);
        return new RuleCompiler(KieServices.get()).compile(dir);
    }

    private static final String OWN_IDLE_RULES = """
            package curfew.rules;
            import dev.curfew.session.Session;
            import dev.curfew.policy.Policy;
            import dev.curfew.policy.DecisionSink;
            global DecisionSink decisions;

            rule "own idle limit"
            when
                $p : Policy()
                $s : Session( state.connected, !exempt, idleSeconds >= $p.idle.limitSeconds )
            then
                decisions.act($s, $p.idle().action(), "own idle limit", "idle");
            end

            rule "own idle warning"
            when
                $p : Policy()
                $s : Session( state.connected, !exempt, idleSeconds >= $p.idle.limitSeconds - $p.idle.warnSeconds,
                              idleSeconds < $p.idle.limitSeconds )
            then
                decisions.warn($s, $p.idle().action(), "own idle limit", "idle",
                        $s.lastInputTime().plusSeconds($p.idle().limitSeconds()));
            end

            rule "own idle due"
            when
                $p : Policy()
                $s : Session( state.connected, !exempt, idleSeconds >= 0,
                              idleSeconds < $p.idle.limitSeconds - $p.idle.warnSeconds )
            then
                decisions.dueAt($s, $s.lastInputTime().plusSeconds($p.idle().limitSeconds() - $p.idle().warnSeconds()),
                        "own idle limit");
            end
            """;

    private static void add(Section section, String variant, Result r) {
        Stats due = Stats.of(r.dueChecks());
        Stats all = Stats.of(r.all());
        section.row(variant + ": due checks p50 / p99 / max", "p99 <= 1 s", ms(due), due.p99() <= 1000)
                .row(variant + ": all, closing included, p50 / p99 / max", "p99 <= 1 s", ms(all), all.p99() <= 1000)
                .info(variant + ": idle warning / idle limit p99", String.format("%.0f / %.0f ms",
                        Stats.of(r.idleWarn()).p99(), Stats.of(r.idleAct()).p99()))
                .info(variant + ": closing warning / closing p99", String.format("%.0f / %.0f ms",
                        Stats.of(r.closingWarn()).p99(), Stats.of(r.closingAct()).p99()))
                .info(variant + ": outcome (action done): due checks p50 / p99 / max", ms(Stats.of(r.dueChecksDone())))
                .info(variant + ": outcome: closing warning p50 / p99 / max", ms(Stats.of(r.closingWarnDone())))
                .info(variant + ": outcome: closing p50 / p99 / max", ms(Stats.of(r.closingActDone())))
                .info(variant + ": recorded: idle warnings / idle limits / closing warnings / closings", String.format(
                        "%d / %d / %d / %d", r.idleWarn().size(), r.idleAct().size(), r.closingWarn().size(),
                        r.closingAct().size()))
                .row(variant + ": actions recorded / expected (early)", "all, none early",
                        r.recorded() + " / " + r.expected() + " (" + r.early() + ")", r.recorded() == r.expected() && r.early() == 0);
    }

    private static int waves(int servers, int parallelism) {
        return (servers + parallelism - 1) / parallelism;
    }

    private static String ms(Stats s) {
        return String.format("%.0f / %.0f / %.0f ms", s.p50(), s.p99(), s.max());
    }
}
