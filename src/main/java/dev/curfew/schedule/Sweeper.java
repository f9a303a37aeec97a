package dev.curfew.schedule;

import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Source;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep of one server: list its sessions, ask the policy, run the decisions, record the sweep.
 * Never throws: a failing server is logged once per outage and recorded, and the next sweep tries again.
 */
public final class Sweeper {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final SessionHost host;
    private final PolicyEngine engine;
    private final ActionRunner runner;
    private final HistoryStore history;
    private final Clock clock;
    private final Set<ServerName> failing = ConcurrentHashMap.newKeySet();

    public Sweeper(SessionHost host, PolicyEngine engine, ActionRunner runner, HistoryStore history, Clock clock) {
        this.host = host;
        this.engine = engine;
        this.runner = runner;
        this.history = history;
        this.clock = clock;
    }

    /** What one sweep saw and did; {@code error} is null when the server answered. */
    public record Result(ServerName server, int sessionsSeen, List<ActionResult> actions, String error) {
    }

    /** Sweeps {@code server}; {@code closing} is set when an end-of-day close or its warning fired. */
    public Result sweep(ServerName server, Closing closing) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try {
            List<Session> sessions = host.list(server);
            List<Decision> decisions = engine.decide(sessions, clock.instant(), closing);
            List<ActionResult> results = runner.run(decisions, closing == null ? Source.POLICY : Source.CLOSING,
                    engine.policy());
            recordConnections(server, sessions, started);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            history.recordSweep(server.value(), started, sessions.size(), millis, null);
            if (failing.remove(server)) {
                log.info("{}: reachable again, {} sessions", server, sessions.size());
            }
            log.debug("{}: swept {} sessions in {} ms, {} decisions", server, sessions.size(), millis, decisions.size());
            return new Result(server, sessions.size(), results, null);
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            if (failing.add(server)) {
                log.warn("{}: sweep failed: {} (will retry; logged once until it recovers)", server, error);
            } else {
                log.debug("{}: sweep still failing: {}", server, error);
            }
            recordFailure(server, started, t0, error);
            return new Result(server, 0, List.of(), error);
        }
    }

    /** Who was connected, for the come-backs of the reports; a failure here does not fail the sweep. */
    private void recordConnections(ServerName server, List<Session> sessions, Instant at) {
        try {
            history.recordConnections(server, sessions, at);
        } catch (RuntimeException e) {
            log.warn("{}: cannot record the connections seen: {}", server, e.getMessage());
        }
    }

    private void recordFailure(ServerName server, Instant started, long t0, String error) {
        try {
            history.recordSweep(server.value(), started, 0, (System.nanoTime() - t0) / 1_000_000, error);
        } catch (RuntimeException e) {
            log.warn("{}: cannot record the failed sweep: {}", server, e.getMessage());
        }
    }
}
