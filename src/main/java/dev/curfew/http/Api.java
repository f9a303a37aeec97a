package dev.curfew.http;

import dev.curfew.cli.HistoryOutput;
import dev.curfew.cli.ReportCommand;
import dev.curfew.report.Report;
import dev.curfew.report.ReportQuery;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.sweep.Sweeper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read-only API: {@code /api/sessions}, {@code /api/upcoming}, {@code /api/history}, {@code
 * /api/report}. Nothing
 * here changes a session. A bad query parameter is a 400 with one line naming it.
 */
public final class Api {
    private static final Set<String> HISTORY_PARAMS = Set.of("since", "until", "server", "user", "action", "rule",
            "outcome", "limit", "format");
    private static final Set<String> REPORT_PARAMS = Set.of("since", "until", "top", "whatIf", "format");

    private final Watch watch;
    private final HistoryStore history;
    private final Supplier<Policy> policy;
    private final Function<ServerName, Instant> nextClosing;
    private final Duration comebackWindow;
    /** History and report readers at once: the writer of a closing's rows always finds a free connection. */
    private final Semaphore readers = new Semaphore(2, true);

    /** A query parameter that is not understood. */
    static final class BadParameter extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message);
        }
    }

    public Api(Watch watch, HistoryStore history, Supplier<Policy> policy, Function<ServerName, Instant> nextClosing,
            Duration comebackWindow) {
        this.comebackWindow = comebackWindow;
        this.watch = watch;
        this.history = history;
        this.policy = policy;
        this.nextClosing = nextClosing;
    }

    void routes(Javalin app) {
        app.get("/api/sessions", ctx -> HttpEndpoint.json(ctx, sessions()));
        app.get("/api/upcoming", ctx -> HttpEndpoint.json(ctx, upcoming()));
        app.get("/api/history", ctx -> reading(ctx, this::history));
        app.get("/api/report", ctx -> reading(ctx, this::report));
    }

    /** Each server's sessions as its last sweep saw them, with the check due on each (what a rule will do and when). */
    private List<Map<String, Object>> sessions() {
        List<Map<String, Object>> out = new ArrayList<>();
        watch.servers().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(ServerName::value)))
                .forEach(e -> {
                    Map<String, Object> server = new LinkedHashMap<>();
                    server.put("server", e.getKey().value());
                    server.put("sweptAt", Json.time(e.getValue().sweptAt()));
                    server.put("error", e.getValue().error());
                    List<Map<String, Object>> sessions = new ArrayList<>();
                    Policy now = policy.get();
                    for (Session listed : e.getValue().sessions()) {
                        // The listing as the host gave it: its protection is the policy's of now, as the console shows it.
                        Session s = Protection.flag(listed, now);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("sessionId", s.id());
                        m.put("state", s.state().wtsName());
                        m.put("user", s.user());
                        m.put("domain", s.domain());
                        m.put("station", s.station());
                        m.put("client", s.clientName());
                        m.put("logonTime", Json.time(s.logonTime()));
                        m.put("protected", s.protectedReason());
                        Sweeper.DueCheck due = e.getValue().due().get(s.id());
                        m.put("next", due == null ? null : Map.of("at", Json.time(due.at()), "rule", due.rule()));
                        sessions.add(m);
                    }
                    server.put("sessions", sessions);
                    out.add(server);
                });
        return out;
    }

    /** The next closing of each server with its warnings still to come, and the due checks, soonest first. */
    private Map<String, Object> upcoming() {
        Instant now = watch.clock().instant();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> closings = new ArrayList<>();
        List<Map<String, Object>> due = new ArrayList<>();
        List<Duration> leads = policy.get().closing().warn();
        watch.servers().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(ServerName::value)))
                .forEach(e -> {
                    Instant closing = nextClosing.apply(e.getKey());
                    if (closing != null) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("server", e.getKey().value());
                        c.put("at", Json.time(closing));
                        c.put("action", policy.get().closing().action().label());
                        c.put("warnings", leads.stream().map(closing::minus).filter(now::isBefore).sorted()
                                .map(Json::time).toList());
                        closings.add(c);
                    }
                    e.getValue().due().values().stream().filter(d -> d.at().isAfter(now)).forEach(d -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("at", Json.time(d.at()));
                        m.put("server", e.getKey().value());
                        m.put("sessionId", d.sessionId());
                        m.put("rule", d.rule());
                        due.add(m);
                    });
                });
        due.sort(Comparator.comparing(m -> (String) m.get("at")));
        out.put("closings", closings);
        out.put("due", due);
        return out;
    }

    /** As {@code curfew history}: its options as parameters, its output (JSON lines unless {@code format}). */
    private void history(Context ctx) {
        known(ctx, HISTORY_PARAMS);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!HistoryOutput.knownFormat(format)) {
            throw new BadParameter("format: \"" + format + "\" is not a format (use json, csv or table)");
        }
        int limit = 0;
        if (ctx.queryParam("limit") != null) {
            try {
                limit = Integer.parseInt(ctx.queryParam("limit").trim());
            } catch (NumberFormatException e) {
                throw new BadParameter("limit: \"" + ctx.queryParam("limit") + "\" is not a whole number");
            }
        }
        var zone = policy.get().zone();
        dev.curfew.history.HistoryFilter filter;
        try {
            filter = HistoryOutput.filter("", ctx.queryParam("since"), ctx.queryParam("until"), ctx.queryParam("server"),
                    ctx.queryParam("user"), ctx.queryParam("action"), ctx.queryParam("rule"), ctx.queryParam("outcome"),
                    limit, watch.clock(), zone);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(e.getMessage());
        }
        StringWriter text = new StringWriter();
        HistoryOutput.print(history.query(filter), format, zone, new PrintWriter(text));

        ctx.contentType(format.equalsIgnoreCase("csv") ? "text/csv; charset=utf-8" : format.equalsIgnoreCase("json")
                ? "application/x-ndjson; charset=utf-8" : "text/plain; charset=utf-8").result(text.toString());
    }

    /** As {@code curfew report}: {@code since} (default 30d), {@code until}, {@code top}, {@code whatIf}, {@code format} (json). */
    private void report(Context ctx) {
        known(ctx, REPORT_PARAMS);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format").toLowerCase(java.util.Locale.ROOT);
        if (!List.of("table", "csv", "json", "html").contains(format)) {
            throw new BadParameter("format: \"" + format + "\" is not a format (use json, csv, table or html)");
        }
        int top = 10;
        if (ctx.queryParam("top") != null) {
            try {
                top = Integer.parseInt(ctx.queryParam("top").trim());
            } catch (NumberFormatException e) {
                throw new BadParameter("top: \"" + ctx.queryParam("top") + "\" is not a whole number");
            }
            if (top < 0) {
                throw new BadParameter("top: " + top + " must not be negative");
            }
        }
        boolean whatIf;
        try {
            whatIf = ctx.queryParam("whatIf") != null && dev.curfew.config.TextValue.bool(ctx.queryParam("whatIf"));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("whatIf: " + e.getMessage());
        }
        var zone = policy.get().zone();
        Instant from;
        Instant to;
        try {
            from = HistoryOutput.time("since", ctx.queryParam("since") == null ? "30d" : ctx.queryParam("since"),
                    watch.clock(), zone);
            to = ctx.queryParam("until") == null ? watch.clock().instant()
                    : HistoryOutput.time("until", ctx.queryParam("until"), watch.clock(), zone);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(e.getMessage());
        }
        if (!to.isAfter(from)) {
            throw new BadParameter("until: " + to + " is not after since " + from);
        }
        Report r = new ReportQuery(history.dataSource(), watch.clock()).report(from, to, zone, comebackWindow, top, whatIf);
        StringWriter text = new StringWriter();
        ReportCommand.write(r, format, new PrintWriter(text));
        ctx.header("Curfew-Actions", Long.toString(r.total()));
        ctx.contentType(switch (format) {
            case "html" -> "text/html; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            case "json" -> "application/x-ndjson; charset=utf-8";
            default -> "text/plain; charset=utf-8";
        }).result(text.toString());
    }

    private void reading(Context ctx, io.javalin.http.Handler read) throws Exception {
        readers.acquire();
        try {
            read.handle(ctx);
        } finally {
            readers.release();
        }
    }

    static void known(Context ctx, Set<String> names) {
        for (String p : ctx.queryParamMap().keySet()) {
            if (!names.contains(p)) {
                throw new BadParameter(p + ": unknown parameter (known: " + String.join(", ", names.stream().sorted().toList())
                        + ")");
            }
        }
    }
}
