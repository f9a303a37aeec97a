package dev.curfew.simulate;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Closing;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.history.Source;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.Scenario;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Replays a scenario in virtual time through the daemon's own parts: at each step from the
 * scenario's start to its end, every server is swept as the daemon's {@code Sweeper} does it (list,
 * the {@link PolicyEngine}, then the {@link ActionRunner} with its protection, warning dedupe and
 * intent/outcome history, kept in an in-memory H2 database) against the simulated servers, whose
 * sessions the actions change. Closings and their warnings fire at the first step at or after their
 * time. Sweeps themselves are not recorded: at one-second steps they would be most of the work.
 *
 * <pre>{@code
 * try (Simulation sim = new Simulation(ScenarioReader.read(file), engine, Duration.ofSeconds(1))) {
 *     sim.run(action -> System.out.println(action));
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {
    private final Scenario scenario;
    private final PolicyEngine engine;
    private final Duration step;
    private final VirtualClock clock;
    private final HikariDataSource dataSource;
    private final HistoryStore history;

    /** A simulation of {@code scenario} with {@code engine}'s rules and policy, swept every {@code step}. */
    public Simulation(Scenario scenario, PolicyEngine engine, Duration step) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.engine = Objects.requireNonNull(engine, "engine");
        if (step == null || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("the step must be a positive duration, not " + step);
        }
        this.step = step;
        this.clock = new VirtualClock(scenario.start(), scenario.zone());
        String url = "jdbc:h2:mem:curfew-simulate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        this.dataSource = HistoryStore.dataSource(url, null, null, null);
        this.history = new HistoryStore(dataSource, "simulate");
        history.migrate();
    }

    /** Plays the whole scenario, handing each action to {@code out} as it is taken; returns them all. */
    public List<SimulatedAction> run(Consumer<SimulatedAction> out) {
        SimulatedSessionHost host = new SimulatedSessionHost(scenario, clock);
        // One call after another: in virtual time there is nothing to overlap, and the replay stays in order.
        ActionRunner runner = new ActionRunner(host, history, clock, 1, 1);
        ClosingTimes closings = new ClosingTimes(engine.policy(), scenario.start(), scenario.end());
        List<SimulatedAction> all = new ArrayList<>();
        Instant previous = null;
        for (Instant t = scenario.start(); !t.isAfter(scenario.end()); t = t.plus(step)) {
            clock.set(t);
            Closing closing = closings.due(previous, t);
            for (Scenario.Server server : scenario.servers()) {
                List<ActionResult> results = runner.run(engine.decide(host.list(server.name()), t, closing),
                        closing == null ? Source.POLICY : Source.CLOSING, engine.policy(),
                        closing == null ? null : closing.at());
                for (ActionResult r : results) {
                    if (r.historyId() != 0) {
                        SimulatedAction a = action(t, server.name(), r);
                        all.add(a);
                        out.accept(a);
                    }
                }
            }
            previous = t;
        }
        return all;
    }

    /** The history the simulation recorded, for tests. */
    HistoryStore history() {
        return history;
    }

    private static SimulatedAction action(Instant at, ServerName server, ActionResult r) {
        var d = r.decision();
        return new SimulatedAction(at, server, d.session().id(), d.session().user(), d.action(), d.rule(), d.reason(),
                r.outcome());
    }

    @Override
    public void close() {
        history.close();
        if (dataSource.isClosed()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // The pool is closed below either way; an in-memory database has nothing to save.
        }
        dataSource.close();
    }
}
