package dev.curfew.bench;

import dev.curfew.action.ActionRunner;
import dev.curfew.config.HttpConfig;
import dev.curfew.http.Api;
import dev.curfew.http.Health;
import dev.curfew.http.HttpEndpoint;
import dev.curfew.http.Passwords;
import dev.curfew.http.Watch;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleSet;
import dev.curfew.session.ServerName;
import dev.curfew.sweep.Sweeper;
import dev.curfew.web.Console;
import dev.curfew.web.ConsoleClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Web console at fleet size: the whole fleet swept once into the daemon's watch (its sessions as
 * the console reads them), then the sessions page asked for over HTTP, signed in, as a person's
 * browser and its refresh would: the first page, sorted by idle time, filtered by user, a late page.
 */
final class ConsoleBench {
    static final int ASKS = 20;
    private static final String PASSWORD = "bench";

    private ConsoleBench() {
    }

    /** The pages asked for, each {@link #ASKS} times after two unmeasured asks. */
    static Map<String, String> pages(BenchOptions o) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("first page (by server)", "/console/sessions");
        pages.put("sorted by idle, descending", "/console/sessions?sort=idle&dir=desc");
        pages.put("filtered by user, by next step", "/console/sessions?user=u7-&sort=next");
        pages.put("a late page", "/console/sessions?page=" + Math.max(1, o.servers() * o.sessions() / 100 / 2));
        return pages;
    }

    static Section run(BenchOptions o, RuleSet rules) throws Exception {
        long t = System.nanoTime();
        Section section = new Section("Web console", o.fleetSize());
        Clock clock = Clock.systemUTC();
        FleetHost host = new FleetHost(o.servers(), o.sessions(), Duration.ZERO, FleetBench.steady(clock.instant()), clock);
        Path dir = o.workDir().resolve("console");
        try (BenchDb db = BenchDb.fresh(dir)) {
            PolicyEngine engine = new PolicyEngine(rules, BenchPolicy.closing(null, List.of()));
            ActionRunner runner = new ActionRunner(host, db.store(), clock);
            Watch watch = new Watch(clock, () -> 0);
            Sweeper sweeper = new Sweeper(host, engine, runner, db.store(), clock, watch);
            watch.watching(sweeper);
            long s0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(o.parallelism());
            for (ServerName s : host.defaultServers()) {
                pool.submit(() -> sweeper.sweep(s, null));
            }
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the fleet's sweep took over 10 minutes");
            }
            double sweepSeconds = (System.nanoTime() - s0) / 1e9;
            long sessions = watch.servers().values().stream().mapToLong(s -> s.sessions().size()).sum();
            Instant closing = clock.instant().plus(Duration.ofHours(3));
            HttpConfig http = new HttpConfig(new HttpConfig.Listen("127.0.0.1", 0), null, List.of(new HttpConfig.User(
                    "bench", Passwords.hash(PASSWORD.toCharArray()), HttpConfig.Role.OPERATOR)));
            Files.createDirectories(dir.resolve("data"));
            Console console = new Console(watch, db.store(), engine, s -> closing, host, runner, clock,
                    Duration.ofMinutes(10));
            HttpEndpoint endpoint = HttpEndpoint.start(http, dir.resolve("curfew.yaml"), dir.resolve("data"), watch,
                    new Health(watch, () -> "started", db.store(), engine), new Api(watch, db.store(), engine::policy,
                            s -> closing, Duration.ofMinutes(10)), console, clock);
            List<Double> all = new ArrayList<>();
            try {
                ConsoleClient person = new ConsoleClient(endpoint.url());
                if (person.signIn("bench", PASSWORD).statusCode() != 303) {
                    throw new IllegalStateException("the bench's account cannot sign in to the console");
                }
                section.info("sessions in the daemon's watch (one sweep of every server, " + String.format("%.1f s",
                        sweepSeconds) + ")", String.format("%,d", sessions));
                for (Map.Entry<String, String> page : pages(o).entrySet()) {
                    List<Double> ms = new ArrayList<>();
                    int bytes = 0;
                    String rows = "";
                    for (int i = 0; i < ASKS + 2; i++) {
                        long a = System.nanoTime();
                        HttpResponse<String> r = person.get(page.getValue());
                        double took = (System.nanoTime() - a) / 1e6;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(page.getValue() + ": " + r.statusCode() + " " + r.body());
                        }
                        if (i >= 2) {
                            ms.add(took);
                        }
                        bytes = r.body().length();
                        rows = rowsShown(r.body());
                    }
                    all.addAll(ms);
                    Stats st = Stats.of(ms);
                    section.info("sessions page, " + page.getKey() + ": p50 / p99 of " + ASKS + "; " + rows,
                            String.format("%.0f / %.0f ms, %,d KB", st.p50(), st.p99(), bytes / 1024));
                }
            } finally {
                endpoint.close();
                runner.close();
                watch.close();
            }
            Stats st = Stats.of(all);
            section.row("sessions page served (all " + all.size() + " asks), p99", "<= 1 s",
                    String.format("%.0f ms (p50 %.0f ms)", st.p99(), st.p50()), st.p99() <= 1000);
        }
        section.note("The console filters, sorts and pages the watch's sessions on the server, 100 rows a page, with "
                + "each session's next step; the browser gets one page and its refresh asks for it again every 5 s. "
                + "Asked for over loopback HTTP with a signed-in cookie, one at a time.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }

    /** {@code 50,000 sessions, 1 to 100 shown}, as the page says. */
    private static String rowsShown(String html) {
        var m = java.util.regex.Pattern.compile("<p class=\"count\" id=\"count\">([^<]+)</p>").matcher(html);
        return m.find() ? m.group(1).replace(".", "") : "?";
    }
}
