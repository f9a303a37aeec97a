package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** A rule set compiled once is loaded from the rules cache by the next compiler, and decides the same. */
class CompiledRulesTest {
    static final Instant NOW = Instant.parse("2026-11-23T17:59:00Z");
    static final ServerName MS01 = ServerName.of("ms01");

    @TempDir
    Path tmp;

    Path copyOfShippedRules() throws IOException {
        return copyOfShippedRulesInto(tmp);
    }

    /** A copy of the shipped rules/ folder under {@code dir}. */
    Path copyOfShippedRulesInto(Path dir) throws IOException {
        return TestRules.copyOfShippedInto(dir);
    }

    List<Path> kept(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Sessions that each rule of the default policy has something to say about, and some it has not. */
    static List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (int minutes : new int[] {1, 27, 29, 31, 200}) {
            out.add(Session.builder(MS01, out.size() + 2, SessionState.ACTIVE).user("u" + minutes)
                    .lastInput(NOW.minus(Duration.ofMinutes(minutes))).observedAt(NOW).build());
            out.add(Session.builder(MS01, out.size() + 2, SessionState.DISCONNECTED).user("d" + minutes)
                    .disconnect(NOW.minus(Duration.ofHours(minutes / 20))).observedAt(NOW).build());
        }
        out.add(Session.builder(MS01, 99, SessionState.ACTIVE).user("administrator").observedAt(NOW).build());
        return out;
    }

    static List<String> decisions(RuleSet rules, Closing closing) {
        PolicyEngine engine = new PolicyEngine(rules, Policy.defaults(ZoneId.of("UTC")));
        return engine.decide(sessions(), NOW, closing).stream()
                .map(d -> d.session().id() + " " + d.action() + " " + d.rule() + " " + d.reason())
                .sorted().toList();
    }

    @Test
    void aSecondCompilerLoadsTheKeptSetAndDecidesTheSame() throws IOException {
        Path rules = copyOfShippedRules();
        Path cache = tmp.resolve("cache");
        RuleSet compiled = new RuleCompiler(KieServices.get(), cache).compile(rules);
        assertThat(compiled.loadedFromCache()).isFalse();
        assertThat(kept(cache)).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".jar"));

        RuleSet loaded = new RuleCompiler(KieServices.get(), cache).compile(rules);

        assertThat(loaded.loadedFromCache()).isTrue();
        assertThat(loaded.howMade()).startsWith("loaded in ").endsWith(" ms (compiled before, kept in the rules cache)");
        assertThat(loaded.ruleNames()).isEqualTo(compiled.ruleNames());
        assertThat(loaded.files()).isEqualTo(compiled.files());
        List<String> fresh = decisions(compiled, null);
        assertThat(fresh).hasSizeGreaterThanOrEqualTo(4);
        assertThat(decisions(loaded, null)).isEqualTo(fresh);
        Closing closing = Closing.now(NOW.plusSeconds(60));
        assertThat(decisions(loaded, closing)).isEqualTo(decisions(compiled, closing)).isNotEqualTo(fresh);
    }

    @Test
    void anEditedRuleFileIsCompiledAgainAndKeptBesideTheOldSet() throws IOException {
        Path rules = copyOfShippedRules();
        Path cache = tmp.resolve("cache");
        new RuleCompiler(KieServices.get(), cache).compile(rules);
        Path idle = rules.resolve("idle.drl");
        assertThat(idle).exists();
        Files.writeString(idle, Files.readString(idle) + "\n// edited\n");

        RuleSet edited = new RuleCompiler(KieServices.get(), cache).compile(rules);

        assertThat(edited.loadedFromCache()).isFalse();
        assertThat(kept(cache)).hasSize(2);
    }

    @Test
    void aDamagedKeptSetIsCompiledAgainAndReplaced() throws IOException {
        Path rules = copyOfShippedRules();
        Path cache = tmp.resolve("cache");
        new RuleCompiler(KieServices.get(), cache).compile(rules);
        Path jar = kept(cache).get(0);
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 1, 2, 3});

        RuleSet again = new RuleCompiler(KieServices.get(), cache).compile(rules);

        assertThat(again.loadedFromCache()).isFalse();
        assertThat(decisions(again, null)).isNotEmpty();
        assertThat(Files.size(jar)).isGreaterThan(1000);
        assertThat(new RuleCompiler(KieServices.get(), cache).compile(rules).loadedFromCache()).isTrue();
    }

    @Test
    void aCacheFolderThatCannotBeWrittenOnlyCostsTime() throws IOException {
        Path rules = copyOfShippedRules();
        Path notAFolder = Files.writeString(tmp.resolve("cache"), "a file where the folder would go");

        RuleSet set = new RuleCompiler(KieServices.get(), notAFolder).compile(rules);

        assertThat(set.loadedFromCache()).isFalse();
        assertThat(set.ruleNames()).contains("idle limit");
        assertThat(Files.readString(notAFolder)).isEqualTo("a file where the folder would go");
    }

    @Test
    void rulesThatDoNotCompileAreNeverKept() throws IOException {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("broken.drl"), "package curfew.rules;\nrule \"broken\" when then nonsense( end\n");
        Path cache = tmp.resolve("cache");

        assertThatThrownBy(() -> new RuleCompiler(KieServices.get(), cache).compile(rules))
                .isInstanceOf(RulesException.class).hasMessageContaining("broken.drl:");
        assertThat(cache).doesNotExist();
    }
}
