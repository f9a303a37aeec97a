package dev.curfew.policy;

import java.nio.file.Path;
import org.kie.api.KieServices;

/** The shipped rules compiled once per test run: compiling costs seconds, evaluating microseconds. */
public final class TestRules {
    private static RuleSet shipped;

    private TestRules() {
    }

    public static synchronized RuleSet shipped() {
        if (shipped == null) {
            shipped = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
        }
        return shipped;
    }
}
