package dev.curfew.web;

import dev.curfew.cli.HistoryOutput;
import dev.curfew.config.Durations;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.http.Watch;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.report.Report;
import dev.curfew.report.ReportHtml;
import dev.curfew.report.ReportQuery;
import dev.curfew.session.ServerName;
import io.javalin.http.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The models of the console's reading pages: what each shows, from the daemon's watch, history and rules. */
final class Views {
    private static final List<String[]> PAGES = List.of(new String[] {"sessions", "Sessions"},
            new String[] {"servers", "Servers"}, new String[] {"upcoming", "Upcoming"},
            new String[] {"history", "History"}, new String[] {"report", "Report"}, new String[] {"rules", "Rules"});
    private static final List<String> HISTORY_FIELDS = List.of("since", "until", "server", "user", "action", "rule",
            "outcome", "limit");

    private final Watch watch;
    private final HistoryStore history;
    private final PolicyEngine engine;
    private final Function<ServerName, Instant> nextClosing;
    private final Clock clock;
    private final Duration comebackWindow;

    Views(Watch watch, HistoryStore history, PolicyEngine engine, Function<ServerName, Instant> nextClosing, Clock clock,
            Duration comebackWindow) {
        this.watch = watch;
        this.history = history;
        this.engine = engine;
        this.nextClosing = nextClosing;
        this.clock = clock;
        this.comebackWindow = comebackWindow;
    }

    List<Map<String, Object>> nav(String current) {
        List<Map<String, Object>> nav = new ArrayList<>();
        for (String[] p : PAGES) {
            nav.add(Map.of("name", p[0], "label", p[1], "current", p[0].equals(current)));
        }
        return nav;
    }

    String title(String page) {
        return PAGES.stream().filter(p -> p[0].equals(page)).map(p -> p[1]).findFirst().orElse("Confirm");
    }

    boolean whatIf() {
        return engine.policy().whatIf();
    }

    Texts texts() {
        return new Texts(engine.policy().zone(), clock.instant());
    }

    Map<String, Object> sessions(Context ctx) {
        SessionsView.Query q = SessionsView.Query.of(ctx::queryParam);
        List<SessionsView.Row> rows = SessionsView.rows(watch.servers(), nextClosing, engine.policy(), q);
        SignIns.SignIn who = ctx.attribute("signIn");
        return SessionsView.model(rows, q, texts(), who.mayAct());
    }

    Map<String, Object> servers() {
        Texts t = texts();
        var outages = watch.outages();
        List<Map<String, Object>> rows = new ArrayList<>();
        watch.servers().entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
                .forEach(e -> {
                    Watch.Server s = e.getValue();
                    var outage = outages.get(e.getKey());
                    Map<String, Object> m = new HashMap<>();
                    m.put("name", e.getKey().value());
                    m.put("sweptAt", t.time(s.sweptAt()));
                    m.put("ago", Texts.span(Duration.between(s.sweptAt(), t.now())) + " ago");
                    m.put("took", s.took().toMillis() + " ms");
                    m.put("sessions", s.sessions().size());
                    m.put("ok", s.error() == null && outage == null);
                    m.put("error", outage != null ? outage.error() : s.error());
                    if (outage != null) {
                        m.put("outage", "down since " + t.time(outage.since()) + ", " + outage.failures()
                                + " failed sweeps, next try " + t.time(outage.nextTry()));
                    }
                    rows.add(m);
                });
        Map<String, Object> m = new HashMap<>();
        m.put("servers", rows);
        m.put("count", rows.size());
        m.put("outages", outages.size());
        return m;
    }

    Map<String, Object> upcoming() {
        Texts t = texts();
        Policy policy = engine.policy();
        Map<Instant, Integer> closings = new java.util.TreeMap<>();
        List<Map<String, Object>> due = new ArrayList<>();
        Instant horizon = t.now().plus(Duration.ofHours(1));
        List<Object[]> dueAt = new ArrayList<>();
        for (var e : watch.servers().entrySet()) {
            Instant c = nextClosing.apply(e.getKey());
            if (c != null) {
                closings.merge(c, 1, Integer::sum);
            }
            Map<Integer, String> users = new HashMap<>();
            e.getValue().sessions().forEach(s -> users.put(s.id(), s.account()));
            e.getValue().due().values().stream().filter(d -> d.at().isAfter(t.now()) && d.at().isBefore(horizon))
                    .forEach(d -> dueAt.add(new Object[] {d.at(), e.getKey().value(), d.sessionId(),
                            users.getOrDefault(d.sessionId(), ""), d.rule()}));
        }
        dueAt.sort((a, b) -> ((Instant) a[0]).compareTo((Instant) b[0]));
        for (Object[] d : dueAt.subList(0, Math.min(500, dueAt.size()))) {
            due.add(Map.of("at", t.time((Instant) d[0]), "in", t.countdown((Instant) d[0]), "server", d[1],
                    "session", d[2], "user", d[3], "rule", d[4]));
        }
        Map<String, Object> m = new HashMap<>();
        if (!closings.isEmpty()) {
            Instant next = closings.keySet().iterator().next();
            Map<String, Object> c = new HashMap<>();
            c.put("action", policy.closing().action().label());
            c.put("at", t.time(next));
            c.put("in", t.countdown(next));
            c.put("servers", closings.get(next));
            List<Map<String, Object>> warnings = new ArrayList<>();
            policy.closing().warn().stream().map(next::minus).sorted().forEach(w -> warnings.add(Map.of("at", t.time(w),
                    "in", w.isAfter(t.now()) ? t.countdown(w) : "sent", "lead", Texts.span(Duration.between(w, next)))));
            c.put("warnings", warnings);
            m.put("closing", c);
            if (closings.size() > 1) {
                m.put("laterClosings", closings.size() - 1);
            }
        }
        m.put("due", due);
        m.put("dueCount", dueAt.size());
        m.put("dueMore", dueAt.size() > due.size() ? dueAt.size() - due.size() : null);
        return m;
    }

    Map<String, Object> history(Context ctx) {
        Map<String, Object> m = new HashMap<>();
        StringBuilder query = new StringBuilder();
        for (String f : HISTORY_FIELDS) {
            String v = ctx.queryParam(f);
            m.put(f.equals("user") || f.equals("action") ? "f_" + f : f, v == null ? "" : v);
            if (v != null && !v.isBlank()) {
                query.append(query.length() == 0 ? "?" : "&").append(f).append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        m.put("csv", Console.PREFIX + "/history.csv" + query);
        Texts t = texts();
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (HistoryEntry e : history.query(filter(ctx, 200))) {
                Map<String, Object> r = new HashMap<>();
                r.put("at", t.full(e.at()));
                r.put("server", e.server());
                r.put("session", e.sessionId());
                r.put("user", e.domain().isEmpty() ? e.user() : e.domain() + "\\" + e.user());
                r.put("action", e.action().label());
                r.put("rule", e.rule());
                r.put("reason", e.reason());
                r.put("source", e.source().label());
                r.put("whatIf", e.whatIf());
                r.put("outcome", e.outcome().label());
                r.put("error", e.error() == null ? "" : e.error());
                rows.add(r);
            }
            m.put("rows", rows);
            m.put("none", rows.isEmpty());
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            m.put("error", e.getMessage());
        }
        return m;
    }

    void historyCsv(Context ctx) {
        HistoryFilter filter;
        try {
            filter = filter(ctx, 0);
        } catch (IllegalArgumentException e) {
            throw new Console.Refused(400, e.getMessage());
        }
        StringWriter text = new StringWriter();
        HistoryOutput.print(history.query(filter), "csv", engine.policy().zone(), new PrintWriter(text));
        ctx.header("Content-Disposition", "attachment; filename=\"curfew-history.csv\"")
                .contentType("text/csv; charset=utf-8").result(text.toString());
    }

    /** The history command's filter from the page's fields; {@code limit} when none is given (0: all). */
    private HistoryFilter filter(Context ctx, int defaultLimit) {
        int limit = defaultLimit;
        String l = ctx.queryParam("limit");
        if (l != null && !l.isBlank()) {
            try {
                limit = Integer.parseInt(l.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit: \"" + l + "\" is not a whole number");
            }
        }
        return HistoryOutput.filter("", blank(ctx.queryParam("since")), blank(ctx.queryParam("until")),
                blank(ctx.queryParam("server")), blank(ctx.queryParam("user")), blank(ctx.queryParam("action")),
                blank(ctx.queryParam("rule")), blank(ctx.queryParam("outcome")), limit, clock, engine.policy().zone());
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    Map<String, Object> report(Context ctx) {
        Map<String, Object> m = new HashMap<>();
        String since = ctx.queryParam("since") == null || ctx.queryParam("since").isBlank() ? "7d" : ctx.queryParam("since");
        String until = blank(ctx.queryParam("until"));
        m.put("since", since);
        m.put("until", until == null ? "" : until);
        var zone = engine.policy().zone();
        try {
            Instant from = HistoryOutput.time("since", since, clock, zone);
            Instant to = until == null ? clock.instant() : HistoryOutput.time("until", until, clock, zone);
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("until: " + to + " is not after since " + from);
            }
            Report r = new ReportQuery(history.dataSource(), clock).report(from, to, zone, comebackWindow, 10, false);
            m.put("report", ReportHtml.sections(r));
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            m.put("error", e.getMessage());
        }
        return m;
    }

    Map<String, Object> rules() {
        Texts t = texts();
        var rules = engine.rules();
        Policy p = engine.policy();
        Map<String, Object> m = new HashMap<>();
        m.put("files", rules.files().stream().map(Object::toString).toList());
        m.put("names", rules.ruleNames());
        m.put("summary", rules.summary());
        m.put("howMade", rules.howMade());
        List<Map<String, Object>> policy = new ArrayList<>();
        policy.add(Map.of("key", "zone", "value", p.zone().getId()));
        policy.add(Map.of("key", "idle", "value", "limit " + Durations.format(p.idle().limit()) + ", warn "
                + Durations.format(p.idle().warn()) + ", then " + p.idle().action().label()));
        policy.add(Map.of("key", "disconnected", "value", "limit " + Durations.format(p.disconnected().limit())
                + ", then " + p.disconnected().action().label()));
        policy.add(Map.of("key", "session", "value", "limit " + Durations.format(p.session().limit()) + ", warn "
                + Durations.format(p.session().warn()) + ", then " + p.session().action().label()));
        policy.add(Map.of("key", "closing", "value", (p.closing().at() == null ? "off" : "\"" + p.closing().at()
                + "\", warn " + String.join(", ", p.closing().warn().stream().map(Durations::format).toList())
                + " before, then " + p.closing().action().label())));
        policy.add(Map.of("key", "exempt", "value", "users " + p.exempt().users() + ", clients " + p.exempt().clients()
                + ", stations " + p.exempt().stations()));
        policy.add(Map.of("key", "protect.console", "value", Boolean.toString(p.protect().console())));
        policy.add(Map.of("key", "whatIf", "value", Boolean.toString(p.whatIf())));
        policy.add(Map.of("key", "profiles", "value", p.profiles().isEmpty() ? "none"
                : String.join(", ", p.profiles().stream().map(dev.curfew.policy.Profile::name).toList())));
        m.put("policy", policy);
        var reload = watch.lastReload();
        if (reload != null) {
            m.put("reload", Map.of("at", t.full(reload.at()), "what", reload.what(), "ok", reload.ok(),
                    "details", reload.details()));
        }
        return m;
    }
}
