package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks' parts that start no daemon: the Java baseline, the simulated fleet, the doc. */
class BenchPartsTest {
    @TempDir
    Path work;

    @BeforeAll
    static void compile() {
        BenchmarksTest.compile();
    }

    BenchOptions tiny() {
        return BenchmarksTest.tiny(work, StormHistory.H2);
    }

    @Test
    void droolsAndTheJavaBaselineDecideAlike() {
        List<List<Session>> fleet = RulesBench.fleet(20, 50);
        Policy policy = BenchPolicy.defaults();
        PolicyEngine engine = new PolicyEngine(BenchmarksTest.rules, policy);
        JavaPolicy java = new JavaPolicy(policy);

        assertThat(engine.decide(fleet.get(0), RulesBench.NOW, null)).isNotEmpty();
        assertThat(RulesBench.differences(fleet, engine, java, null)).isZero();
        assertThat(RulesBench.differences(fleet, engine, java, Closing.now(RulesBench.NOW))).isZero();
        assertThat(RulesBench.differences(fleet, engine, java, new Closing(RulesBench.NOW.plusSeconds(300),
                Duration.ofMinutes(5)))).isZero();
    }

    @Test
    void theFleetsRosterCostsOneCallAndHasTheListingsSessionsWithoutTimes() {
        Instant now = Instant.parse("2026-11-23T17:00:00Z");
        FleetHost host = new FleetHost(2, 5, Duration.ZERO,
                (server, session) -> new FleetHost.Seed(SessionState.ACTIVE, now, now, null), Clock.fixed(now, ZoneOffset.UTC));
        ServerName first = host.defaultServers().get(0);

        List<Session> roster = host.roster(first, false);

        assertThat(host.calls()).isEqualTo(1);
        assertThat(roster).extracting(Session::id, Session::user, Session::state)
                .containsExactlyElementsOf(host.list(first).stream().map(s -> tuple(s.id(), s.user(), s.state())).toList());
        assertThat(roster).allSatisfy(s -> {
            assertThat(s.lastInputTime()).isNull();
            assertThat(s.logonTime()).isNull();
            assertThat(s.clientName()).isEmpty();
            assertThat(s.clientAddress()).isEmpty();
        });
        long before = host.calls();
        assertThat(host.roster(first, true)).extracting(Session::clientName).containsExactly("PC-1", "PC-2", "PC-3",
                "PC-4", "PC-5");
        assertThat(host.calls() - before).isEqualTo(1 + 5);
    }

    @Test
    void theDocHasTheMachineTheCommandAndATablePerBenchmark() {
        Section s = new Section("Rules", "tiny").row("Drools", ">= 1", "2", true).info("Java", "3").note("a note")
                .finish(1);

        String doc = BenchDoc.render("./curfew bench --servers 6", tiny(), EnumSet.of(Benchmarks.Kind.RULES), List.of(s));

        assertThat(doc).contains("# Benchmarks", "./curfew bench --servers 6", "| cores | ", "| JDK | ", "## Rules",
                "| measure | target | measured | met |", "| Drools | >= 1 | 2 | yes |", "| Java |  | 3 |  |", "- a note");
    }

    @Test
    void theFootprintStartsDaemonsWithTheLaunchersOptions() throws Exception {
        String exec = java.nio.file.Files.readAllLines(Path.of("curfew")).stream()
                .filter(l -> l.startsWith("exec java ")).findFirst().orElseThrow();

        assertThat(exec).isEqualTo("exec java " + String.join(" ", Machine.LAUNCHER_OPTIONS)
                + " ${CURFEW_JAVA_OPTS:-} -jar \"$jar\" \"$@\"");
    }
}
