package dev.curfew.policy;

import java.nio.file.Path;
import java.util.List;
import org.kie.api.KieBase;

/**
 * A compiled, immutable set of rules: what the engine evaluates until a reload replaces it.
 *
 * @param compileMillis how long compiling took
 * @param readsProcesses whether a rule refers to the sessions' programs or CPU time, so that the sweeps
 *     must list the processes
 */
public record RuleSet(KieBase base, List<Path> files, List<String> ruleNames, long compileMillis,
        boolean readsProcesses) {
    public RuleSet {
        files = List.copyOf(files);
        ruleNames = List.copyOf(ruleNames);
    }

    public RuleSet(KieBase base, List<Path> files, List<String> ruleNames, long compileMillis) {
        this(base, files, ruleNames, compileMillis, false);
    }

    /** One line: {@code 7 rules from 4 files}. */
    public String summary() {
        return ruleNames.size() + " rules from " + files.size() + " files";
    }

    /** {@code compiled in 3120 ms}. */
    public String howMade() {
        return "compiled in " + compileMillis + " ms";
    }
}
