package dev.curfew.simulate;

import dev.curfew.config.ConfigLoader;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import dev.curfew.policy.TestRules;
import dev.curfew.session.sim.Scenario;
import dev.curfew.session.sim.ScenarioReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.kie.api.KieServices;

/**
 * Runs test scenarios through a {@link Simulation} and writes each action as one line:
 * {@code 2026-11-23T08:28:00+01:00 ms01#2 alice warn (idle limit)}.
 */
final class Simulate {
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private Simulate() {
    }

    /** The shipped rules, compiled once for all the scenario tests of a run. */
    static RuleSet shippedRules() {
        return TestRules.shipped();
    }

    /** Compiles the given rule files together in a fresh folder. */
    static RuleSet compile(Path dir, Path... files) {
        try {
            Files.createDirectories(dir);
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuleCompiler(KieServices.get()).compile(dir);
    }

    /** The policy of a {@code policy:} section written as YAML (indented by two spaces). */
    static Policy policy(Path dir, String policyYaml) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("curfew.yaml"), "policy:\n  zone: Europe/Berlin\n" + policyYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(dir).policy();
    }

    static List<String> run(RuleSet rules, Policy policy, String scenario, Duration step) {
        return run(rules, policy, ScenarioReader.read(SCENARIOS.resolve(scenario)), step);
    }

    static List<String> run(RuleSet rules, Policy policy, Scenario scenario, Duration step) {
        try (Simulation simulation = new Simulation(scenario, new PolicyEngine(rules, policy), step)) {
            return simulation.run(a -> { }).stream().map(a -> line(a, policy)).toList();
        }
    }

    static String line(SimulatedAction a, Policy policy) {
        return AT.format(a.at().atZone(policy.zone())) + " " + a.server() + "#" + a.session() + " " + a.user() + " "
                + a.action().label() + " (" + a.rule() + ")"
                + (a.outcome() == dev.curfew.history.Outcome.POSTPONED ? ": " + a.reason() : "");
    }
}
