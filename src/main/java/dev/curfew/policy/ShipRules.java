package dev.curfew.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.kie.api.KieServices;

/**
 * The build's step that compiles the shipped rules into curfew's class path (Maven runs it before
 * the jar is made), so that a first start on them loads their classes instead of compiling: the
 * executable model's jar, named by the same hash as the rules cache, under {@value CompiledRules#SHIPPED}.
 * Rules that do not compile (a rules folder edited in place) are not shipped, and the build goes on:
 * the daemon then reports them with file and line when it starts, as for any other rules.
 *
 * <pre>{@code
 * java -cp target/classes:<dependencies> dev.curfew.policy.ShipRules rules target/classes/curfew/rules-cache
 * }</pre>
 */
public final class ShipRules {
    private ShipRules() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ShipRules RULES_DIR OUT_DIR");
            System.exit(2);
        }
        Path rules = Path.of(args[0]);
        Path out = Path.of(args[1]);
        // Only the set of this build: one compiled from older rules would just sit in the jar.
        if (Files.isDirectory(out)) {
            for (Path p : jars(out)) {
                Files.delete(p);
            }
        }
        try {
            RuleSet set = new RuleCompiler(KieServices.get(), out).compile(rules);
            if (!Files.isDirectory(out) || jars(out).isEmpty()) {
                System.err.println("curfew: the shipped rules compiled but could not be kept in " + out);
                System.exit(1);
            }
            System.out.println("curfew: shipped rules (" + set.summary() + ") " + set.howMade() + ", kept in " + out);
        } catch (RulesException e) {
            System.err.println("curfew: warning: " + rules + " does not compile, no rules shipped in the jar: "
                    + e.getMessage());
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        }
    }
}
