package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/**
 * A start on rules nothing was kept for takes the classic builder's set, which decides as the executable
 * model does, and keeps the model in the background; rules the classic builder rejects give the model's errors.
 */
class StartRulesTest {
    static final ServerName LAB01 = ServerName.of("lab01");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path tmp;

    Path rulesWithLabLessons() throws IOException {
        Path rules = TestRules.copyOfShippedInto(tmp);
        Files.copy(Path.of("docs/examples/lab-lessons.drl"), rules.resolve("lab-lessons.drl"));
        return rules;
    }

    List<Path> kept(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
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
    void theClassicBuildersSetDecidesAsTheExecutableModelOnEveryRuleAndAtEveryTime() throws IOException {
        Path rules = rulesWithLabLessons();
        RuleSet classic = new RuleCompiler(KieServices.get(), tmp.resolve("cache")).compileForStart(rules);
        RuleSet model = new RuleCompiler(KieServices.get()).compile(rules);
        assertThat(classic.made()).isEqualTo(RuleSet.Made.CLASSIC);
        assertThat(model.made()).isEqualTo(RuleSet.Made.COMPILED);
        assertThat(classic.ruleNames()).isEqualTo(model.ruleNames()).contains("lab lessons", "closing");

        Policy defaults = Policy.defaults(BERLIN);
        Policy logoffClosing = new Policy(BERLIN, new Policy.Idle(Duration.ofMinutes(20), Duration.ofMinutes(5), ActionType.LOGOFF),
                new Policy.Disconnected(Duration.ofHours(2), ActionType.LOGOFF),
                new Policy.SessionLimit(Duration.ofHours(10), Duration.ofMinutes(10), ActionType.LOGOFF),
                new Policy.ClosingTime("0 0 18 ? * MON-FRI", List.of(Duration.ofMinutes(5)), ActionType.LOGOFF, Holidays.NONE),
                new Policy.Exempt(List.of(Wildcard.of("administrator")), List.of(Wildcard.of("OFFICE-*")), List.of()),
                Policy.Protect.defaults(), false, Policy.Message.defaults());
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
                    List<String> fromModel = decisions(model, policy, now, closing, seed);
                    assertThat(decisions(classic, policy, now, closing, seed)).as("%s at %s, closing %s", policy, now,
                            closing).isEqualTo(fromModel);
                    all.addAll(fromModel);
                }
            }
        }
        assertThat(all).anyMatch(d -> d.contains(" lab lessons ")).anyMatch(d -> d.contains("WARN lab lessons"))
                .anyMatch(d -> d.contains(" closing end of day")).anyMatch(d -> d.contains("LOGOFF disconnected limit"))
                .anyMatch(d -> d.contains(" session limit ")).anyMatch(d -> d.contains("DISCONNECT idle limit"));
    }

    @Test
    void theExecutableModelIsKeptInTheBackgroundAndTheNextStartLoadsIt() throws Exception {
        Path rules = rulesWithLabLessons();
        Path cache = tmp.resolve("cache");
        RuleCompiler compiler = new RuleCompiler(KieServices.get(), cache);

        RuleSet atStart = compiler.compileForStart(rules);

        assertThat(atStart.made()).isEqualTo(RuleSet.Made.CLASSIC);
        assertThat(atStart.loadedFromCache()).isFalse();
        assertThat(atStart.howMade()).startsWith("built in ").contains("by Drools' classic builder");
        assertThat(kept(cache)).isEmpty();
        RuleSet model = compiler.keepInBackground(Duration.ZERO).get(2, TimeUnit.MINUTES);
        assertThat(model.made()).isEqualTo(RuleSet.Made.COMPILED);
        assertThat(kept(cache)).hasSize(1);
        assertThat(compiler.keepInBackground(Duration.ZERO).get(1, TimeUnit.SECONDS)).as("nothing more to keep").isNull();

        RuleSet restart = new RuleCompiler(KieServices.get(), cache).compileForStart(rules);

        assertThat(restart.made()).isEqualTo(RuleSet.Made.KEPT);
        Instant now = Instant.parse("2026-11-24T09:30:00Z");
        assertThat(decisions(restart, Policy.defaults(BERLIN), now, null, 7))
                .isEqualTo(decisions(atStart, Policy.defaults(BERLIN), now, null, 7)).isNotEmpty();
    }

    @Test
    void aClosedCompilerKeepsNothing() throws Exception {
        Path rules = rulesWithLabLessons();
        Path cache = tmp.resolve("cache");
        RuleCompiler compiler = new RuleCompiler(KieServices.get(), cache);
        assertThat(compiler.compileForStart(rules).made()).isEqualTo(RuleSet.Made.CLASSIC);

        compiler.close();

        assertThat(compiler.keepInBackground(Duration.ZERO).get(2, TimeUnit.MINUTES)).isNull();
        assertThat(kept(cache)).isEmpty();
    }

    @Test
    void rulesTheClassicBuilderRejectsGiveTheSameErrorsAsEveryOtherCompilation() throws IOException {
        assertThat(errorsAtStartAndChecked("field", """
                rule "unknown field"
                when
                    $s : Session( nosuchField > 3 )
                then
                end
                """)).singleElement().asString().endsWith("a.drl:7: Unable to parse left part of expression: nosuchField > 3");
        assertThat(errorsAtStartAndChecked("method", """
                rule "unknown method"
                when
                    $s : Session( )
                then
                    decisions.nope($s);
                end
                """)).singleElement().asString().endsWith("a.drl:9: The method nope(Session) is undefined for the type DecisionSink");
        assertThat(errorsAtStartAndChecked("syntax", """
                rule "syntax"
                when
                    $s : Session( state.connected
                then
                end
                """)).singleElement().asString().endsWith("a.drl:8: [ERR 102] Line 8:0 mismatched input 'then' in rule \"syntax\"");
    }

    /** The errors of a start on {@code rule}, checked equal to those of a plain compilation; nothing kept. */
    List<RuleError> errorsAtStartAndChecked(String folder, String rule) throws IOException {
        Path rules = Files.createDirectories(tmp.resolve(folder));
        Files.writeString(rules.resolve("a.drl"), RuleCompilerErrorsTest.HEADER + rule);
        Path cache = tmp.resolve(folder + "-cache");
        RulesException atStart = catchThrowableOfType(RulesException.class,
                () -> new RuleCompiler(KieServices.get(), cache).compileForStart(rules));
        RulesException checked = catchThrowableOfType(RulesException.class,
                () -> new RuleCompiler(KieServices.get()).compile(rules));
        assertThat(atStart).as(folder).isNotNull();
        assertThat(atStart.errors()).isEqualTo(checked.errors());
        assertThat(kept(cache)).isEmpty();
        return atStart.errors();
    }

    @Test
    void rulesOnlyTheClassicBuilderTakesRunAtTheStartAndTheModelsErrorsComeAfter() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("lenient"));
        Files.writeString(rules.resolve("text.drl"), RuleCompilerErrorsTest.HEADER + """
                rule "compare with text"
                when
                    $s : Session( idleSeconds > "abc" )
                then
                end
                """);
        Path cache = tmp.resolve("cache");
        RuleCompiler compiler = new RuleCompiler(KieServices.get(), cache);

        RuleSet atStart = compiler.compileForStart(rules);

        assertThat(atStart.made()).isEqualTo(RuleSet.Made.CLASSIC);
        ExecutionException rejected = catchThrowableOfType(ExecutionException.class,
                () -> compiler.keepInBackground(Duration.ZERO).get(2, TimeUnit.MINUTES));
        assertThat(rejected).isNotNull();
        assertThat(rejected.getCause()).isInstanceOf(RulesException.class)
                .hasMessage(rules.resolve("text.drl") + ":5: \"abc\" is compared with a number but is not one");
        assertThat(kept(cache)).isEmpty();
    }
}
