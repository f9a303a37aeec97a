package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.config.ConfigLoader;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** Hot reload: new rules and policy replace the old ones only when they are good. */
class RuleReloaderTest {
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final String CONFIG = """
            policy:
              zone: UTC
              idle:
                limit: 30m
            """;

    @TempDir
    Path dir;
    Path rules;
    Path config;
    PolicyEngine engine;
    List<RuleReloader.Reload> recorded = new ArrayList<>();
    RuleReloader reloader;

    @BeforeEach
    void runningEngine() throws IOException {
        rules = TestRules.copyOfShippedInto(dir);
        config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("curfew.yaml"), CONFIG);
        engine = new PolicyEngine(TestRules.shipped(), ConfigLoader.load(config).policy());
        reloader = new RuleReloader(engine, new RuleCompiler(KieServices.get()), rules, config.resolve("curfew.yaml"),
                () -> ConfigLoader.load(config).policy(), recorded::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Session idle(Duration d) {
        return Session.builder(ServerName.of("ms01"), 2, SessionState.ACTIVE).user("alice")
                .lastInput(NOW.minus(d)).observedAt(NOW).build();
    }

    String decisionFor(Duration idle) {
        return engine.decide(List.of(idle(idle)), NOW, null).stream()
                .map(d -> d.action().label() + " by " + d.rule()).findFirst().orElse("nothing");
    }

    @Test
    void nothingChangedMeansNoReload() {
        assertThat(reloader.check()).isNull();
        assertThat(recorded).isEmpty();
    }

    @Test
    void brokenRulesAreRefusedWithFileAndLineThenTheFixedOnesApply() throws IOException {
        RuleSet before = engine.rules();
        Path mine = rules.resolve("short-idle.drl");
        String good = """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;

                rule "short idle"
                when
                    $s : Session( state.connected, idleSeconds >= 300 )
                then
                    decisions.act($s, ActionType.LOGOFF, "short idle", "idle");
                end
                """;
        Files.writeString(mine, good.replace("ActionType.LOGOFF", "ActionType.LOGOF"));

        RuleReloader.Reload refused = reloader.check();

        assertThat(refused.ok()).isFalse();
        assertThat(refused.what()).isEqualTo("rules");
        assertThat(refused.details()).singleElement().asString()
                .startsWith(mine + ":11: ").contains("LOGOF");
        assertThat(engine.rules()).isSameAs(before);
        assertThat(decisionFor(Duration.ofMinutes(10))).isEqualTo("nothing");
        assertThat(decisionFor(Duration.ofMinutes(31))).isEqualTo("disconnect by idle limit");
        assertThat(reloader.check()).as("the same broken file is reported once").isNull();

        Files.writeString(mine, good);
        RuleReloader.Reload taken = reloader.check();

        assertThat(taken.ok()).isTrue();
        assertThat(taken.details()).singleElement().asString().startsWith("Rules reloaded: 14 rules from 6 files");
        assertThat(decisionFor(Duration.ofMinutes(10))).isEqualTo("logoff by short idle");
        assertThat(recorded).extracting(RuleReloader.Reload::ok).containsExactly(false, true);
    }

    @Test
    void aChangedPolicyAppliesWithoutRecompilingTheRules() throws IOException {
        RuleSet before = engine.rules();
        Files.writeString(config.resolve("curfew.yaml"), CONFIG.replace("30m", "5m"));

        RuleReloader.Reload taken = reloader.check();

        assertThat(taken.ok()).isTrue();
        assertThat(taken.what()).isEqualTo("policy");
        assertThat(engine.rules()).isSameAs(before);
        assertThat(engine.policy().idle().limit()).isEqualTo(Duration.ofMinutes(5));
        assertThat(decisionFor(Duration.ofMinutes(10))).isEqualTo("disconnect by idle limit");
    }

    @Test
    void aWrongPolicyIsRefusedAndTheLastGoodOneKeepsRunning() throws IOException {
        Files.writeString(config.resolve("curfew.yaml"), CONFIG.replace("30m", "30 minutes"));

        RuleReloader.Reload refused = reloader.check();

        assertThat(refused.ok()).isFalse();
        assertThat(refused.details()).containsExactly(config.resolve("curfew.yaml")
                + ":4: policy.idle.limit: \"30 minutes\" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)");
        assertThat(engine.policy().idle().limit()).isEqualTo(Duration.ofMinutes(30));
    }
}
