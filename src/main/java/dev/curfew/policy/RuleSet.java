package dev.curfew.policy;

import java.nio.file.Path;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules: what the engine evaluates until a reload replaces it.
 *
 * @param compileMillis how long compiling (or loading) took
 * @param made whether the set was compiled now or loaded, compiled before
 */
public record RuleSet(KieBase base, List<Path> files, List<String> ruleNames, long compileMillis, Made made) {
    /** Where a rule set came from. */
    public enum Made {
        /** Generated and compiled now. */
        COMPILED,
        /** Built now by Drools' classic builder, at a start where nothing was kept (see RuleCompiler). */
        CLASSIC,
        /** Loaded from the rules cache of the data folder, where an earlier compilation kept it. */
        KEPT,
        /** Loaded from curfew's jar: the shipped rules, compiled when curfew was built. */
        SHIPPED
    }

    public RuleSet {
        files = List.copyOf(files);
        ruleNames = List.copyOf(ruleNames);
    }

    /** One line: {@code 7 rules from 4 files}. */
    public String summary() {
        return ruleNames.size() + " rules from " + files.size() + " files";
    }

    /** Whether the set was loaded, compiled before, rather than compiled now. */
    public boolean loadedFromCache() {
        return made == Made.KEPT || made == Made.SHIPPED;
    }

    /** How the set was made: {@code compiled in 3120 ms}, {@code built in 1900 ms by ...}, {@code loaded in 420 ms (...)}. */
    public String howMade() {
        return switch (made) {
            case COMPILED -> "compiled in " + compileMillis + " ms";
            case CLASSIC -> "built in " + compileMillis + " ms by Drools' classic builder (the executable model is"
                    + " compiled in the background for the rules cache)";
            case KEPT -> "loaded in " + compileMillis + " ms (compiled before, kept in the rules cache)";
            case SHIPPED -> "loaded in " + compileMillis + " ms (the shipped rules, compiled when curfew was built)";
        };
    }
}
