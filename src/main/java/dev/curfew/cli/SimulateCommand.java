package dev.curfew.cli;

import ch.qos.logback.classic.Level;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.Durations;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.sim.Scenario;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.simulate.SimulatedAction;
import dev.curfew.simulate.Simulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.kie.api.KieServices;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew simulate}: replays a scenario in virtual time through the policy and prints every action. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
            "Replays a scenario through the rules; nothing real is touched.",
            "It runs in virtual time: the scenario file (the simulated servers' day, see",
            "docs/DESIGN.md) goes through the configured rules and policy and the daemon's",
            "own sweep code; every action (warn, disconnect, logoff) is printed at the",
            "instant a rule announced it, or else at the first step at or after it.",
            "Times are in policy.zone, or in the scenario's zone when policy.zone is not set."})
final class SimulateCommand implements Callable<Integer> {
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    enum Output { TABLE, JSONL }

    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE", required = true, description = "The scenario to replay.")
    Path scenarioFile;

    @Option(names = "--step", paramLabel = "D", defaultValue = "1m",
            description = "Virtual time between sweeps: 1s, 30s, 1m, ... (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--format", paramLabel = "table|jsonl", defaultValue = "table",
            description = "table, or jsonl: one JSON object per action (default: ${DEFAULT-VALUE}).")
    Output format;

    @Override
    public Integer call() {
        Duration every = step();
        CurfewConfig config = root.config();
        Scenario scenario = ScenarioReader.read(scenarioFile);
        Policy policy = config.policy().withWhatIf(false);
        if (config.file() == null || !ConfigLoader.setsZone(config.file())) {
            policy = policy.withZone(scenario.zone());
        }
        PolicyEngine engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(root.rulesDir), policy);
        // The actions are this command's output; the runner's log lines would only repeat them.
        var log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.curfew");
        Level level = log.getLevel();
        if (!root.debug) {
            log.setLevel(Level.WARN);
        }
        PrintWriter out = spec.commandLine().getOut();
        ZoneId zone = policy.zone();
        try (Simulation simulation = new Simulation(scenario, engine, every)) {
            if (format == Output.JSONL) {
                simulation.run(a -> {
                    out.println(ActionJson.of(a, zone));
                    out.flush();
                });
            } else {
                table(simulation.run(a -> { }), zone, out);
            }
        } finally {
            log.setLevel(level);
        }
        return Main.DONE;
    }

    private Duration step() {
        try {
            Duration d = Durations.parse(step);
            if (d == null || d.isZero() || d.toMillis() < 1000) {
                throw new IllegalArgumentException("\"" + step + "\" must be at least 1s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--step: " + e.getMessage());
        }
    }

    /** The actions as a table; with a PROFILE column when some session was in a profile. */
    private static void table(List<SimulatedAction> actions, ZoneId zone, PrintWriter out) {
        boolean profiles = actions.stream().anyMatch(a -> !a.profile().isEmpty());
        boolean activity = actions.stream().anyMatch(a -> !a.programs().isEmpty() || a.cpuSeconds() >= 0);
        List<String> keys = new java.util.ArrayList<>(List.of("at", "server", "session", "user", "action", "rule", "reason"));
        List<String> titles = new java.util.ArrayList<>(List.of("TIME", "SERVER", "ID", "USER", "ACTION", "RULE", "REASON"));
        if (profiles) {
            keys.add(4, "profile");
            titles.add(4, "PROFILE");
        }
        if (activity) {
            keys.addAll(List.of("programs", "cpu"));
            titles.addAll(List.of("PROGRAMS", "CPU"));
        }
        Rows rows = new Rows(keys);
        for (SimulatedAction a : actions) {
            List<Object> row = new java.util.ArrayList<>(List.of(TABLE_TIME.format(a.at().atZone(zone)), a.server().value(),
                    a.session(), a.user(),
                    a.action().label() + (a.outcome() == dev.curfew.history.Outcome.DONE ? "" : " (" + a.outcome().label() + ")"),
                    a.rule(), a.reason()));
            if (profiles) {
                row.add(4, a.profile());
            }
            if (activity) {
                row.add(String.join(",", a.programs()));
                row.add(a.cpuSeconds() < 0 ? "" : String.format(java.util.Locale.ROOT, "%.1fs", a.cpuSeconds()));
            }
            rows.add(row.toArray());
        }
        rows.print(Format.TABLE, out, titles);
        out.println(actions.size() + (actions.size() == 1 ? " action" : " actions"));
        out.flush();
    }

    /**
     * One action as a JSON line: at (ISO-8601 with offset), server, session, user, action, rule, reason, outcome,
     * profile when the session was in one, and its programs and cpuSeconds when its processes were listed.
     */
    static final class ActionJson {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();
        // OffsetDateTime.toString() drops ":00" seconds; the JSON keeps one fixed form.
        private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

        private ActionJson() {
        }

        static String of(SimulatedAction a, ZoneId zone) {
            var node = MAPPER.createObjectNode();
            node.put("at", ISO.format(a.at().truncatedTo(ChronoUnit.SECONDS).atZone(zone)));
            node.put("server", a.server().value());
            node.put("session", a.session());
            node.put("user", a.user());
            node.put("action", a.action().label());
            node.put("rule", a.rule());
            node.put("reason", a.reason());
            node.put("outcome", a.outcome().label());
            if (!a.profile().isEmpty()) {
                node.put("profile", a.profile());
            }
            if (!a.programs().isEmpty()) {
                a.programs().forEach(node.putArray("programs")::add);
            }
            if (a.cpuSeconds() >= 0) {
                node.put("cpuSeconds", Math.round(a.cpuSeconds() * 10) / 10.0);
            }
            return node.toString();
        }
    }
}
