package dev.curfew.http;

import dev.curfew.directory.Directory;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleReloader;
import dev.curfew.sweep.Sweeper;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code GET /health}: the scheduler's state, the history database (reachable, last commit), the
 * rules (loaded, last reload), each server's last sweep and outage, and the directory of the users'
 * groups (whether it answers; its outage leaves the daemon healthy: sweeps go on with the groups
 * last known). Healthy (200) unless the
 * scheduler is not running or the history database does not answer within {@value #CHECK_SECONDS} s.
 */
public final class Health {
    static final int CHECK_SECONDS = 3;

    private final Watch watch;
    private final Supplier<String> schedulerState;
    private final HistoryStore history;
    private final PolicyEngine engine;
    private final Supplier<Directory.Status> directory;
    /** One check of the database at a time: a pool waiting for a database that is away is not asked again. */
    private CompletableFuture<String> check;

    public Health(Watch watch, Supplier<String> schedulerState, HistoryStore history, PolicyEngine engine) {
        this(watch, schedulerState, history, engine, () -> null);
    }

    /** A health that also reports the directory's status; {@code directory} gives null when there is none. */
    public Health(Watch watch, Supplier<String> schedulerState, HistoryStore history, PolicyEngine engine,
            Supplier<Directory.Status> directory) {
        this.directory = directory;
        this.watch = watch;
        this.schedulerState = schedulerState;
        this.history = history;
        this.engine = engine;
    }

    /** The report, and whether all is well. */
    record Report(boolean healthy, Map<String, Object> body) {
    }

    Report report() {
        String state = schedulerState.get();
        String historyError = historyError();
        boolean healthy = state.equals("running") && historyError == null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "unhealthy");
        body.put("at", Json.time(watch.clock().instant()));
        body.put("scheduler", Map.of("state", state));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("reachable", historyError == null);
        h.put("error", historyError);
        h.put("lastCommit", Json.time(watch.lastCommit()));
        h.put("queued", history.queued());
        body.put("history", h);
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("loaded", engine.rules().ruleNames());
        rules.put("files", engine.rules().files().stream().map(Object::toString).toList());
        RuleReloader.Reload r = watch.lastReload();
        if (r == null) {
            rules.put("lastReload", null);
        } else {
            Map<String, Object> reload = new LinkedHashMap<>();
            reload.put("at", Json.time(r.at()));
            reload.put("what", r.what());
            reload.put("result", r.ok() ? "ok" : "refused");
            reload.put("details", r.details());
            rules.put("lastReload", reload);
        }
        body.put("rules", rules);
        List<Map<String, Object>> servers = new ArrayList<>();
        Map<dev.curfew.session.ServerName, Sweeper.Outage> outages = watch.outages();
        watch.servers().entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
                .forEach(e -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("server", e.getKey().value());
                    s.put("lastSweep", Json.time(e.getValue().sweptAt()));
                    s.put("durationMillis", e.getValue().took().toMillis());
                    s.put("sessions", e.getValue().sessions().size());
                    s.put("error", e.getValue().error());
                    Sweeper.Outage o = outages.get(e.getKey());
                    s.put("outage", o == null ? null : Map.of("since", Json.time(o.since()), "failures", o.failures(),
                            "nextTry", Json.time(o.nextTry()), "error", String.valueOf(o.error())));
                    servers.add(s);
                });
        body.put("servers", servers);
        Directory.Status d = directory.get();
        if (d != null) {
            Map<String, Object> dir = new LinkedHashMap<>();
            dir.put("reachable", d.up());
            dir.put("since", Json.time(d.since()));
            dir.put("error", d.error());
            body.put("directory", dir);
        }
        return new Report(healthy, body);
    }

    /** Null when the database answered; else why not. */
    private String historyError() {
        CompletableFuture<String> c;
        synchronized (this) {
            if (check == null || check.isDone()) {
                check = CompletableFuture.supplyAsync(this::ask);
            }
            c = check;
        }
        try {
            return c.get(CHECK_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "no answer within " + CHECK_SECONDS + " s";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String ask() {
        try (Connection c = history.dataSource().getConnection()) {
            return c.isValid(CHECK_SECONDS) ? null : "the connection is not valid";
        } catch (java.sql.SQLException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

}
