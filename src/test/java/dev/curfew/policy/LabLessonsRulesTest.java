package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** The shipped rules with docs/examples/lab-lessons.drl: each rule decides its cases, at lesson time, evening and Sunday. */
class LabLessonsRulesTest {
    static final ServerName LAB01 = ServerName.of("lab01");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path tmp;

    Path rulesWithLabLessons() throws IOException {
        Path rules = TestRules.copyOfShippedInto(tmp);
        Files.copy(Path.of("docs/examples/lab-lessons.drl"), rules.resolve("lab-lessons.drl"));
        return rules;
    }

    /** Sessions of every state, idle and disconnected for all sorts of times, some from the lab, some exempt. */
    static List<Session> sessions(Instant now, long seed) {
        Random random = new Random(seed);
        SessionState[] states = SessionState.values();
        String[] users = {"alice", "bob", "administrator", "lab7", "", null};
        String[] clients = {"LAB-01", "lab-22", "OFFICE-3", "", null};
        List<Session> out = new ArrayList<>();
        for (int id = 1; id <= 400; id++) {
            SessionState state = random.nextInt(3) == 0 ? states[random.nextInt(states.length)]
                    : random.nextBoolean() ? SessionState.ACTIVE : SessionState.DISCONNECTED;
            Session.Builder b = Session.builder(LAB01, id, state).user(users[random.nextInt(users.length)])
                    .clientName(clients[random.nextInt(clients.length)]).observedAt(now)
                    .console(random.nextInt(40) == 0);
            if (random.nextInt(10) > 0) {
                b.lastInput(now.minusSeconds(random.nextInt(3 * 3600)));
            }
            if (state == SessionState.DISCONNECTED && random.nextInt(10) > 0) {
                b.disconnect(now.minusSeconds(random.nextInt(12 * 3600)));
            }
            if (random.nextBoolean()) {
                b.logon(now.minusSeconds(random.nextInt(24 * 3600)));
            }
            out.add(b.build());
        }
        return out;
    }

    static List<String> decisions(RuleSet rules, Policy policy, Instant now, Closing closing, long seed) {
        return new PolicyEngine(rules, policy).decide(sessions(now, seed), now, closing).stream()
                .map(d -> d.session().id() + " " + d.action() + " " + d.rule() + " " + d.reason() + " " + d.due()
                        + " " + d.announces())
                .toList();
    }

    @Test
    void theShippedRulesAndLabLessonsDecideEachOfTheirCasesUnderBothPolicies() throws IOException {
        Path rules = rulesWithLabLessons();
        RuleSet model = new RuleCompiler(KieServices.get()).compile(rules);
        assertThat(model.ruleNames()).contains("lab lessons", "closing");

        Policy defaults = Policy.defaults(BERLIN);
        Policy logoffClosing = new Policy(BERLIN, new Policy.Idle(Duration.ofMinutes(20), Duration.ofMinutes(5), ActionType.LOGOFF),
                new Policy.Disconnected(Duration.ofHours(2), ActionType.LOGOFF),
                new Policy.SessionLimit(Duration.ofHours(10), Duration.ofMinutes(10), ActionType.LOGOFF),
                new Policy.ClosingTime("0 0 18 ? * MON-FRI", List.of(Duration.ofMinutes(5)), ActionType.LOGOFF, Holidays.NONE),
                new Policy.Exempt(List.of(Wildcard.of("administrator")), List.of(Wildcard.of("OFFICE-*")), List.of()),
                Policy.Protect.defaults(), false, Policy.Message.defaults(), List.of(), null);
        Instant lesson = Instant.parse("2026-11-24T09:30:00Z");   // a Tuesday, 10:30 in Berlin
        Instant evening = Instant.parse("2026-11-24T16:59:00Z");
        Instant sunday = Instant.parse("2026-11-29T10:00:00Z");
        List<String> all = new ArrayList<>();
        long seed = 0;
        for (Policy policy : List.of(defaults, logoffClosing)) {
            for (Instant now : List.of(lesson, evening, sunday)) {
                for (Closing closing : new Closing[] {null, Closing.now(now), new Closing(now.plusSeconds(300),
                        Duration.ofMinutes(5))}) {
                    seed++;
                    all.addAll(decisions(model, policy, now, closing, seed));
                }
            }
        }
        assertThat(all).anyMatch(d -> d.contains(" lab lessons ")).anyMatch(d -> d.contains("WARN lab lessons"))
                .anyMatch(d -> d.contains(" closing end of day")).anyMatch(d -> d.contains("LOGOFF disconnected limit"))
                .anyMatch(d -> d.contains(" session limit ")).anyMatch(d -> d.contains("DISCONNECT idle limit"));
    }
}
