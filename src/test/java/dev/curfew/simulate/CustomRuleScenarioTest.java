package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules of one's own next to the shipped ones: the README's example, and protection outside the rules. */
class CustomRuleScenarioTest {
    static final Path EXAMPLES = Path.of("docs/examples");

    static final List<String> LAB_DAY = List.of(
            "2026-11-23T08:00:00+01:00 lab01.school.local#3 grace disconnect (lab lessons)",
            "2026-11-23T09:08:00+01:00 lab01.school.local#2 frank warn (lab lessons)",
            "2026-11-23T09:10:00+01:00 lab01.school.local#2 frank disconnect (lab lessons)",
            "2026-11-23T09:28:00+01:00 lab01.school.local#4 heidi warn (idle limit)",
            "2026-11-23T09:30:00+01:00 lab01.school.local#4 heidi disconnect (idle limit)",
            "2026-11-23T10:08:00+01:00 lab01.school.local#6 judy warn (lab lessons)",
            "2026-11-23T10:17:00+01:00 lab01.school.local#6 judy warn (lab lessons)",
            "2026-11-23T10:19:00+01:00 lab01.school.local#6 judy disconnect (lab lessons)",
            "2026-11-23T15:33:00+01:00 lab01.school.local#5 ivan warn (idle limit)",
            "2026-11-23T15:35:00+01:00 lab01.school.local#5 ivan disconnect (idle limit)");

    @Test
    void theLabLessonsExampleDisconnectsLabPcsAfterTenMinutesOnlyInLessons(@TempDir Path dir) throws IOException {
        assertThat(labDay(dir, Duration.ofMinutes(1))).containsExactlyElementsOf(LAB_DAY);
    }

    @Test
    void withSweepsAQuarterOfAnHourApartTheRulesDueChecksStillActAtTheMinute(@TempDir Path dir) throws IOException {
        // Each action is announced by a warning's due instant or a dueAt, so none waits for a sweep
        // (grace's, when lessons begin at 08:00, falls on one).
        assertThat(labDay(dir, Duration.ofMinutes(15))).containsExactlyElementsOf(LAB_DAY);
    }

    private static List<String> labDay(Path dir, Duration step) throws IOException {
        RuleSet rules = Simulate.compile(dir.resolve("rules"), shippedRulesAnd(EXAMPLES.resolve("lab-lessons.drl")));
        var policy = Simulate.policy(dir.resolve("config"), "");
        var scenario = dev.curfew.session.sim.ScenarioReader.read(EXAMPLES.resolve("lab-day.yaml"));
        return Simulate.run(rules, policy, scenario, step);
    }

    @Test
    void aRuleThatActsOnEverySessionStillNeverReachesTheProtectedOnes(@TempDir Path dir) throws IOException {
        Path everything = dir.resolve("everything.drl");
        Files.writeString(everything, """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;

                rule "everything"
                when
                    $s : Session( )
                then
                    decisions.act($s, ActionType.LOGOFF, "everything", "");
                end
                """);
        RuleSet rules = Simulate.compile(dir.resolve("rules"), everything);
        var policy = Simulate.policy(dir.resolve("config"), "");
        // services session 0, the listener, the console and curfew's own session are left alone;
        // a rule of one's own that does not test !exempt acts on exempt users too.
        assertThat(Simulate.run(rules, policy, "closing.yaml", Duration.ofMinutes(1))).containsExactly(
            "2026-11-23T17:30:00+01:00 ms01#2 alice logoff (everything)",
            "2026-11-23T17:30:00+01:00 ms01#3 bob logoff (everything)",
            "2026-11-23T17:30:00+01:00 ms01#4 svc_backup logoff (everything)");
    }

    private static Path[] shippedRulesAnd(Path extra) throws IOException {
        try (var files = Files.list(Path.of("rules"))) {
            return java.util.stream.Stream.concat(files.filter(f -> f.toString().endsWith(".drl")).sorted(),
                    java.util.stream.Stream.of(extra)).toArray(Path[]::new);
        }
    }
}
