package dev.curfew.simulate;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.Scenario;
import dev.curfew.session.sim.SimulatedSessionHost;
import dev.curfew.sweep.Sweeper;
import dev.curfew.sweep.Sweeps;
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
 * Replays a scenario in virtual time through the daemon's own sweep path: the same {@link Sweeps}
 * and {@link Sweeper} (list, the {@link PolicyEngine}, the {@link ActionRunner} with its protection,
 * warning dedupe and intent/outcome history, kept in an in-memory H2 database) against simulated
 * servers whose sessions the actions change, fired by a {@link VirtualTimetable} instead of Quartz:
 * every server swept every {@code step}, the due checks the rules asked for at their instants,
 * closings and their warnings at theirs. An action is taken at the instant it falls due when a
 * rule announced it, else at the first sweep at or after it.
 *
 * <pre>{@code
 * try (Simulation sim = new Simulation(ScenarioReader.read(file), engine, Duration.ofMinutes(1))) {
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
        // One call after another, questions answered on the spot: in virtual time there is nothing to overlap,
        // and the replay stays in order.
        ActionRunner runner = new ActionRunner(host, history, clock, 1, 1, 0);
        List<ServerName> servers = scenario.servers().stream().map(Scenario.Server::name).toList();
        VirtualTimetable timetable = new VirtualTimetable(servers, new ClosingCron(engine.policy()), scenario.start(),
                scenario.end(), step);
        Sweeps sweeps = new Sweeps(new Sweeper(host, engine, runner, history, clock), timetable, engine::policy, clock);
        servers.forEach(sweeps::planWarnings);
        List<SimulatedAction> all = new ArrayList<>();
        List<ActionResult> postponed = new ArrayList<>();
        runner.moreTime().onPostponed(postponed::add);
        for (VirtualTimetable.Firing f = timetable.next(); f != null; f = timetable.next()) {
            clock.set(f.at());
            postponed.clear();
            Sweeper.Result result = switch (f.kind()) {
                case SWEEP -> sweeps.sweep(f.server(), f.at());
                case DUE_CHECK -> sweeps.check(f.server(), f.sessions());
                case CLOSING, CLOSING_WARNING -> sweeps.close(f.server(), f.closing(), f.at());
            };
            List<ActionResult> taken = new ArrayList<>(result.actions());
            taken.addAll(postponed);
            for (ActionResult r : taken) {
                if (r.historyId() != 0) {
                    SimulatedAction a = action(f.at(), f.server(), r);
                    all.add(a);
                    out.accept(a);
                }
            }
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
                r.outcome(), d.session().profile(), d.session().programs(), d.session().cpuSeconds());
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
