package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShippedRulesTest {
    static RuleSet rules;
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final ServerName MS01 = ServerName.of("ms01");

    @BeforeAll
    static void compile() {
        rules = TestRules.shipped();
    }

    @Test
    void shippedRulesCompileWithTheirNames() {
        assertThat(rules.ruleNames()).contains("idle limit", "idle limit warning", "disconnected limit", "closing");
        assertThat(rules.files()).hasSize(4);
    }

    @Test
    void idleSessionPastTheLimitIsDisconnected() {
        PolicyEngine engine = new PolicyEngine(rules, Policy.defaults(ZoneId.of("UTC")));
        Session alice = Session.builder(MS01, 2, SessionState.ACTIVE).user("alice")
                .lastInput(NOW.minus(Duration.ofMinutes(31))).observedAt(NOW).build();
        List<Decision> d = engine.decide(List.of(alice), NOW, null);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.action()).isEqualTo(ActionType.DISCONNECT);
            assertThat(x.rule()).isEqualTo("idle limit");
            assertThat(x.reason()).isEqualTo("idle 31m");
        });
    }
}
