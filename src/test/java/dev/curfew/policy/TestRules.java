package dev.curfew.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.kie.api.KieServices;

/** The shipped rules compiled once per test run: compiling costs seconds, evaluating microseconds. */
public final class TestRules {
    private static RuleSet shipped;

    private TestRules() {
    }

    /** A copy of the shipped {@code rules/} folder as {@code dir/rules}, to edit or add to. */
    public static Path copyOfShippedInto(Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            for (Path p : s.toList()) {
                Files.copy(p, rules.resolve(p.getFileName()));
            }
        }
        return rules;
    }

    public static synchronized RuleSet shipped() {
        if (shipped == null) {
            shipped = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
        }
        return shipped;
    }
}
