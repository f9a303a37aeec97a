package dev.curfew.sweep;

import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryException;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Due;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.Profile;
import dev.curfew.policy.Verdict;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep of one server: list its sessions, ask the rules, run the decisions, record the sweep,
 * and say when the rules will act next on each session (the {@link Due} instants of their
 * decisions). Never throws. A server that fails is retried
 * with backoff (30 s, doubling, at most 15 m), its outage logged and recorded once, not per sweep.
 *
 * <p>A closing or closing warning reads the server's {@link SessionHost#roster roster} instead of a
 * listing (with WTS one call instead of 1 + 3 per session): the closing rules need no times. So a
 * closing sweep records no connections, and the limits by time it cannot see are left to the plain
 * sweeps and due checks, which come at their own instants.
 */
public final class Sweeper {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final SessionHost host;
    private final PolicyEngine engine;
    private final ActionRunner runner;
    private final HistoryStore history;
    private final Clock clock;
    private final UnaryOperator<List<Session>> groups;
    private final Outages outages = new Outages();
    private final SweepListener listener;
    private final ProcessWatch processes = new ProcessWatch();

    public Sweeper(SessionHost host, PolicyEngine engine, ActionRunner runner, HistoryStore history, Clock clock) {
        this(host, engine, runner, history, clock, SweepListener.NONE, UnaryOperator.identity());
    }

    /** A sweeper that tells {@code listener} of every firing (the daemon's health and metrics). */
    public Sweeper(SessionHost host, PolicyEngine engine, ActionRunner runner, HistoryStore history, Clock clock,
            SweepListener listener) {
        this(host, engine, runner, history, clock, listener, UnaryOperator.identity());
    }

    /**
     * A sweeper that also gives each session its user's groups before the rules see it; {@code groups}
     * must not wait for the directory ({@code Directory::withGroups} reads only what is known).
     */
    public Sweeper(SessionHost host, PolicyEngine engine, ActionRunner runner, HistoryStore history, Clock clock,
            SweepListener listener, UnaryOperator<List<Session>> groups) {
        this.listener = listener;
        this.groups = groups;
        this.host = host;
        this.engine = engine;
        this.runner = runner;
        this.history = history;
        this.clock = clock;
    }

    /** The runner of this sweeper's decisions. */
    ActionRunner runner() {
        return runner;
    }

    /** A check due at {@code at} for one session, because {@code rule} will act then. */
    public record DueCheck(int sessionId, Instant at, String rule) {
    }

    /**
     * What one sweep saw and did; {@code error} is null when the server answered. {@code due} is
     * incomplete after a closing, whose roster may lack the times (no due checks are planned from it).
     */
    public record Result(ServerName server, int sessionsSeen, List<ActionResult> actions, List<DueCheck> due,
            String error) {
        static Result failed(ServerName server, String error) {
            return new Result(server, 0, List.of(), List.of(), error);
        }
    }

    /** A server that failed {@code failures} sweeps in a row since {@code since}; tried again at {@code nextTry}. */
    public record Outage(Instant since, int failures, Instant nextTry, String error) {
    }

    /** The servers in an outage now. */
    public Map<ServerName, Outage> outages() {
        return outages.now();
    }

    /** Sweeps {@code server}; {@code closing} is set when an end-of-day close or its warning fired. */
    public Result sweep(ServerName server, Closing closing) {
        return sweep(server, closing, null);
    }

    /** Sweeps {@code server} for the firing Quartz scheduled at {@code scheduledAt}, recorded with the sweep. */
    public Result sweep(ServerName server, Closing closing, Instant scheduledAt) {
        Instant started = clock.instant();
        Outage outage = outages.of(server);
        if (outage != null && started.isBefore(outage.nextTry()) && closing == null) {
            log.debug("{}: still backing off until {}", server, outage.nextTry());
            return Result.failed(server, "backing off after " + outage.failures() + " failures: " + outage.error());
        }
        long t0 = System.nanoTime();
        try {
            boolean closes = closing != null && !closing.warning();
            if (closes) {
                history.closings().started(server.value(), closing.at(), started);
            }
            List<Session> sessions = closing == null ? measured(server, host.list(server))
                    : host.roster(server, !engine.policy().exempt().clients().isEmpty());
            Result result = decideAndRun(server, sessions, closing);
            if (closing == null) {
                recordConnections(server, sessions, started);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            history.recordSweep(server.value(), started, scheduledAt, sessions.size(), millis, null);
            if (closes && result.actions().stream().noneMatch(ActionResult::failed)) {
                history.closings().finished(server.value(), closing.at(), clock.instant());
            }
            outages.recovered(server, sessions.size());
            log.debug("{}: swept {} sessions in {} ms, {} actions", server, sessions.size(), millis, result.actions().size());
            return told(server, closing == null ? SweepListener.Kind.SWEEP : SweepListener.Kind.CLOSING, started, t0,
                    sessions, result);
        } catch (HistoryException e) {
            return told(server, closing == null ? SweepListener.Kind.SWEEP : SweepListener.Kind.CLOSING, started, t0,
                    List.of(), historyDown(server, e));
        } catch (RuntimeException e) {
            return told(server, closing == null ? SweepListener.Kind.SWEEP : SweepListener.Kind.CLOSING, started, t0,
                    List.of(), failed(server, started, t0, e));
        }
    }

    private Result told(ServerName server, SweepListener.Kind kind, Instant started, long t0, List<Session> sessions,
            Result result) {
        try {
            listener.swept(server, kind, started, Duration.ofNanos(System.nanoTime() - t0), sessions, result);
        } catch (RuntimeException e) {
            log.warn("{}: the sweep's listener failed: {}", server, e.toString());
        }
        return result;
    }

    /**
     * Before {@code closing} runs again on {@code server} after its node died or was killed: the
     * disconnects and logoffs it left in doubt are taken again where the server still shows the
     * session connected.
     */
    public void resume(ServerName server, Closing closing) {
        int released = runner.releaseInDoubt(server, closing);
        log.info("{}: {} of {} resumed, {} actions in doubt to be taken again if still due", server,
                closing.describe(), closing.at(), released);
    }

    /** Records that {@code server}'s firing scheduled at {@code scheduledAt} was skipped, and why. */
    public Result skip(ServerName server, Instant scheduledAt, String why) {
        log.warn("{}: {}", server, why);
        history.recordSweep(server.value(), clock.instant(), scheduledAt, 0, 0, why);
        return Result.failed(server, why);
    }

    /** Re-reads sessions when one of their limits falls due, and acts only where a rule still says so. */
    public Result check(ServerName server, Set<Integer> sessionIds) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try {
            // One query per session: with WTS three calls each, never more than a listing's 1 + 3 per session.
            List<Session> due = new ArrayList<>();
            for (int id : sessionIds) {
                host.session(server, id).ifPresent(due::add);
            }
            if (watchesProcesses()) {
                due = processes.remembered(server, due);
            }
            if (due.size() < sessionIds.size()) {
                log.debug("{}: of sessions {} only {} are still there", server, sessionIds, due.size());
            }
            return told(server, SweepListener.Kind.DUE_CHECK, started, t0, due, decideAndRun(server, due, null));
        } catch (HistoryException e) {
            return told(server, SweepListener.Kind.DUE_CHECK, started, t0, List.of(), historyDown(server, e));
        } catch (RuntimeException e) {
            return told(server, SweepListener.Kind.DUE_CHECK, started, t0, List.of(), failed(server, started, t0, e));
        }
    }

    /** True when the policy or a rule needs the sessions' programs or CPU time. */
    private boolean watchesProcesses() {
        return engine.policy().watchesProcesses() || engine.rules().readsProcesses();
    }

    /**
     * The listed sessions with their processes' activity when the policy or a rule needs it: one listing
     * of the server's processes per sweep. A listing that fails leaves the activity unknown.
     */
    private List<Session> measured(ServerName server, List<Session> sessions) {
        if (!watchesProcesses()) {
            return sessions;
        }
        try {
            return processes.measure(server, sessions, host.processes(server), clock.instant(), this::idleOf);
        } catch (RuntimeException e) {
            log.warn("{}: cannot list the processes, so no session counts as busy in this sweep: {}", server,
                    e.getMessage());
            return sessions;
        }
    }

    /** The {@code idle} section of the policy of {@code s}'s profile (its groups as the rules will see them). */
    private Policy.Idle idleOf(Session s) {
        Policy policy = engine.policy();
        Profile p = policy.profileFor(groups.apply(List.of(s)).get(0));
        return policy.forProfile(p == null ? "" : p.name()).idle();
    }

    /** Who was connected, for the come-backs of the reports; a failure here does not fail the sweep. */
    private void recordConnections(ServerName server, List<Session> sessions, Instant at) {
        try {
            history.recordConnections(server, sessions, at);
        } catch (RuntimeException e) {
            log.warn("{}: cannot record the connections seen: {}", server, e.getMessage());
        }
    }

    private Result decideAndRun(ServerName server, List<Session> listed, Closing closing) {
        List<Session> sessions = groups.apply(listed);
        Verdict verdict = engine.evaluate(sessions, clock.instant(), closing);
        List<Decision> decisions = runner.moreTime().adjust(server, verdict.decisions(), sessions, clock.instant(),
                closing != null);
        List<ActionResult> results = runner.run(decisions, closing == null ? Source.POLICY : Source.CLOSING,
                engine.policy(), closing);
        List<DueCheck> due = new ArrayList<>();
        for (Due d : verdict.due()) {
            // Nothing is done to a protected session, and a session disconnected or logged off is checked by the next sweep.
            if (!d.session().isProtected() && !ended(d.session().id(), results)) {
                due.add(new DueCheck(d.session().id(), d.at(), d.rule()));
            }
        }
        return new Result(server, sessions.size(), results, due, null);
    }

    private static boolean ended(int sessionId, List<ActionResult> results) {
        return results.stream().anyMatch(r -> r.decision().session().id() == sessionId
                && r.decision().action() != ActionType.WARN && r.outcome() == Outcome.DONE);
    }

    /**
     * The history cannot be written: the actions not yet recorded were not taken (intent is recorded
     * first), and the server is not in an outage, so it is swept again at its next firing.
     */
    private static Result historyDown(ServerName server, HistoryException e) {
        log.error("{}: no action taken, the history database cannot be written: {}", server,
                e.getMessage());
        return Result.failed(server, "history unavailable: " + e.getMessage());
    }

    private Result failed(ServerName server, Instant started, long t0, RuntimeException e) {
        String error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        if (outages.failed(server, started, error)) {
            try {
                history.recordSweep(server.value(), started, 0, (System.nanoTime() - t0) / 1_000_000, error);
            } catch (RuntimeException recordError) {
                log.warn("{}: cannot record the failed sweep: {}", server, recordError.getMessage());
            }
        }
        return Result.failed(server, error);
    }
}
