package dev.curfew.http;

import dev.curfew.action.ActionResult;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.RuleReloader;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import dev.curfew.sweep.SweepListener;
import dev.curfew.sweep.Sweeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * What the running daemon did last, kept for {@code /health}, {@code /metrics} and the API: each
 * server's last sweep and the sessions it saw, the checks the rules asked for, the last reload and
 * the last commit to the history. Made by the daemon before its sweeper, which tells it of every
 * firing ({@link SweepListener}).
 */
public final class Watch implements SweepListener, AutoCloseable {
    private final Clock clock;
    private final Map<ServerName, Server> servers = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private volatile Sweeper sweeper;
    private volatile RuleReloader.Reload lastReload;
    private volatile Instant lastCommit;

    /**
     * A server's last plain sweep (its listing), the checks due on its sessions and the warnings the
     * rules gave them (a warning's decision says what it announces, and when), by session id.
     */
    public record Server(Instant sweptAt, Duration took, String error, List<Session> sessions,
            Map<Integer, Sweeper.DueCheck> due, Map<Integer, Decision> warned) {
    }

    /** @param queued the history's batches waiting to be written */
    public Watch(Clock clock, IntSupplier queued) {
        this.clock = clock;
        this.metrics = new Metrics(this::sessions, () -> sweeper == null ? 0 : sweeper.outages().size(),
                queued::getAsInt);
    }

    /** The sweeper whose outages are told (it is made after this watch, with it as its listener). */
    public void watching(Sweeper s) {
        this.sweeper = s;
    }

    @Override
    public void swept(ServerName server, Kind kind, Instant started, Duration took, List<Session> sessions,
            Sweeper.Result result) {
        metrics.swept(kind.name().toLowerCase(java.util.Locale.ROOT), result.error() != null, took);
        Source source = kind == Kind.CLOSING ? Source.CLOSING : Source.POLICY;
        for (ActionResult r : result.actions()) {
            if (r.historyId() > 0) {
                metrics.acted(r, source);
            }
        }
        servers.compute(server, (name, before) -> next(before, kind, started, took, sessions, result));
    }

    private static Server next(Server before, Kind kind, Instant started, Duration took, List<Session> sessions,
            Sweeper.Result result) {
        if (kind == Kind.CLOSING) {
            return before;   // a roster: no times, no due checks; the listing stays the last sweep's
        }
        Map<Integer, Sweeper.DueCheck> due = new HashMap<>(before == null ? Map.of() : before.due());
        Map<Integer, Decision> warned = new HashMap<>(before == null ? Map.of() : before.warned());
        if (kind == Kind.SWEEP) {
            if (result.error() != null) {
                return new Server(started, took, result.error(), before == null ? List.of() : before.sessions(), due,
                        warned);
            }
            due.clear();
            warned.clear();
        } else {
            sessions.forEach(s -> {
                due.remove(s.id());
                warned.remove(s.id());
            });
        }
        for (Sweeper.DueCheck d : result.due()) {
            due.merge(d.sessionId(), d, (a, b) -> a.at().isBefore(b.at()) ? a : b);
        }
        for (ActionResult r : result.actions()) {
            Decision d = r.decision();
            if (d.action() == ActionType.WARN && !d.session().isProtected()) {
                warned.merge(d.session().id(), d, (a, b) -> a.due().isBefore(b.due()) ? a : b);
            }
        }
        if (kind == Kind.SWEEP) {
            return new Server(started, took, null, List.copyOf(sessions), Map.copyOf(due), Map.copyOf(warned));
        }
        return before == null ? null : new Server(before.sweptAt(), before.took(), before.error(), before.sessions(),
                Map.copyOf(due), Map.copyOf(warned));
    }

    /** Actions asked for outside the sweeps (the web console), counted as the sweeps' are. */
    public void acted(List<ActionResult> results, Source source) {
        for (ActionResult r : results) {
            if (r.historyId() > 0) {
                metrics.acted(r, source);
            }
        }
    }

    /** A due check started {@code by} after its instant. */
    public void late(Duration by) {
        metrics.late(by);
    }

    /** A batch of history rows was committed in {@code nanos}. */
    public void committed(long nanos) {
        lastCommit = clock.instant();
        metrics.committed(nanos);
    }

    public void reloaded(RuleReloader.Reload r) {
        lastReload = r;
        metrics.reloaded(r.what(), r.ok());
    }

    /** Each server's last sweep, as the API and the web console show it. */
    public Map<ServerName, Server> servers() {
        return Map.copyOf(servers);
    }

    public Map<ServerName, Sweeper.Outage> outages() {
        Sweeper s = sweeper;
        return s == null ? Map.of() : s.outages();
    }

    /** The last reload of the rules or the policy, or null before the first. */
    public RuleReloader.Reload lastReload() {
        return lastReload;
    }

    Instant lastCommit() {
        return lastCommit;
    }

    public Clock clock() {
        return clock;
    }

    /** The meters as Prometheus text, as {@code /metrics} serves them. */
    public String scrape() {
        return metrics.scrape();
    }

    private double sessions(SessionState state) {
        return servers.values().stream().flatMap(s -> s.sessions().stream()).filter(s -> s.state() == state).count();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
