package dev.curfew.cli;

import dev.curfew.config.ConfigException;
import dev.curfew.config.ConfigLoader;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleError;
import dev.curfew.policy.RuleSet;
import dev.curfew.policy.RulesException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.kie.api.KieServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew rules}: the rule files; {@code rules check} compiles them without running anything. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Works with the rule files (rules/*.drl).",
        subcommands = RulesCommand.Check.class)
final class RulesCommand {

    @ParentCommand
    CurfewCommand root;

    /** {@code curfew rules check}: compiles the rules and the policy, prints every error with file and line. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                "Compiles rules/*.drl and reads the policy: section of config/curfew.yaml,",
                "as the daemon does at start and on a reload (the same compiler, so the",
                "same errors), and prints each error as file:line: message. Nothing is",
                "written. Exit code 0 when both are good (with a one-line summary), 2 on errors."})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        RulesCommand rules;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CurfewCommand root = rules.root;
            int errors = 0;
            int warnings = 0;
            try {
                var config = root.config();
                // Not an error (the daemon runs with it): a profile no session can reach is most likely a mistake.
                for (var shadowed : config.policy().shadowedProfiles().entrySet()) {
                    out.println(ConfigLoader.errorAt(config.file(), "policy." + shadowed.getKey(),
                            "warning: " + shadowed.getValue()).getMessage());
                    warnings++;
                }
            } catch (ConfigException e) {
                out.println(e.getMessage());
                errors++;
            }
            try {
                RuleSet set = new RuleCompiler(KieServices.get()).compile(root.rulesDir);
                if (errors == 0) {
                    out.println(root.rulesDir + ": " + set.summary() + ", no errors"
                            + (warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings")));
                }
            } catch (RulesException e) {
                List<RuleError> list = e.errors();
                if (list.isEmpty()) {
                    out.println(e.getMessage());
                    errors++;
                }
                list.forEach(out::println);
                errors += list.size();
            }
            out.flush();
            if (errors > 0) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("curfew: " + errors + (errors == 1 ? " error" : " errors")
                        + "; a running daemon keeps its last good rules and policy until they are fixed");
                err.flush();
                return Main.BAD_USAGE;
            }
            return Main.DONE;
        }
    }
}
