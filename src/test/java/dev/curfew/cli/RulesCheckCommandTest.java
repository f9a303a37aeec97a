package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.TestRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curfew rules check}: a summary and exit 0, or each error as file:line: message and exit 2. */
class RulesCheckCommandTest {

    @Test
    void goodRulesGiveAOneLineSummary() {
        Cli cli = Cli.run("--config", "src/test/resources/config", "--rules", "rules", "rules", "check");
        assertThat(cli.out()).isEqualTo("rules: 13 rules from 5 files, no errors\n");
        assertThat(cli.err()).isEmpty();
        assertThat(cli.exitCode()).isZero();
    }

    /** The check compiles as the daemon does, and writes nothing: no data folder appears. */
    @Test
    void editedRulesAreCheckedWithoutWritingAnything(@TempDir Path dir) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path data = dir.resolve("data");
        Files.writeString(config.resolve("curfew.yaml"), "host:\n  backend: sim\nhistory:\n  dir: \"" + data + "\"\n");
        Path rules = TestRules.copyOfShippedInto(dir);
        Files.writeString(rules.resolve("idle.drl"), Files.readString(rules.resolve("idle.drl")) + "\n// edited\n");

        Cli cli = Cli.run("--config", config.toString(), "--rules", rules.toString(), "rules", "check");

        assertThat(cli.out()).isEqualTo(rules + ": 13 rules from 5 files, no errors\n");
        assertThat(cli.exitCode()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    void aProfileShadowedByAnEarlierOneIsAWarningWithItsLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("curfew.yaml"), """
                host:
                  backend: sim
                policy:
                  profiles:
                    - { name: staff, groups: [Staff] }
                    - { name: labs, servers: ["lab-*"] }
                    - { name: staff in labs, groups: [staff], servers: ["lab-*"] }
                    - { name: students, groups: [Students] }
                """);

        Cli cli = Cli.run("--config", dir.toString(), "--rules", "rules", "rules", "check");

        assertThat(cli.out()).isEqualTo(dir.resolve("curfew.yaml") + ":7: policy.profiles[2]: warning: profile "
                + "\"staff in labs\" can never match: every session it matches is matched first by profile \"staff\" "
                + "(policy.profiles[0]; put the narrower one first)\n"
                + "rules: 13 rules from 5 files, no errors, 1 warning\n");
        assertThat(cli.exitCode()).as("the daemon runs with it").isZero();
    }

    @Test
    void eachErrorIsPrintedWithTheDrlFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;

                rule "mine"
                when
                    $s : Session( )
                then
                    decisions.act($s, null, "mine", reasonNotDefined);
                end
                """);
        Cli cli = Cli.run("--config", "src/test/resources/config", "--rules", dir.toString(), "rules", "check");
        assertThat(cli.out()).isEqualTo(dir.resolve("mine.drl") + ":10: reasonNotDefined cannot be resolved to a variable\n");
        assertThat(cli.err()).isEqualTo(
                "curfew: 1 error; a running daemon keeps its last good rules and policy until they are fixed\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }

    @Test
    void aWrongPolicyIsReportedToo() {
        Cli cli = Cli.run("--config", "src/test/resources/config-bad-cron", "--rules", "rules", "rules", "check");
        assertThat(cli.out()).startsWith("src/test/resources/config-bad-cron/curfew.yaml:4: policy.closing.at: ");
        assertThat(cli.exitCode()).isEqualTo(2);
    }
}
