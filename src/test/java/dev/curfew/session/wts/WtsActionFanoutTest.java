package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A closing of one remote server through the WTS binding: its calls overlap, bounded, each on its own handle. */
@ExtendWith(FakeWindowsExtension.class)
class WtsActionFanoutTest {
    private static final ServerName MS01 = ServerName.of("ms01");
    private static final Instant T0 = Instant.parse("2026-11-23T17:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final int SESSIONS = 30;

    private final FakeWindows fake;
    private final MemoryHistory history = new MemoryHistory();

    WtsActionFanoutTest(FakeWindows fake) {
        this.fake = fake;
    }

    @AfterEach
    void close() {
        history.close();
    }

    static Decision decision(int id) {
        Session s = Session.builder(MS01, id, SessionState.ACTIVE).user("user" + id).domain("SCHOOL")
                .station("RDP-Tcp#" + id).observedAt(T0).build();
        return switch (id % 3) {
            case 0 -> new Decision(s, ActionType.WARN, "closing", "end of day", T0.plusSeconds(60), ActionType.LOGOFF);
            case 1 -> new Decision(s, ActionType.DISCONNECT, "closing", "end of day", T0);
            default -> new Decision(s, ActionType.LOGOFF, "closing", "end of day", T0);
        };
    }

    @Test
    void aClosingMakesAtMostActionsPerServerCallsAtOnceEachOnAHandleOfItsOwn() {
        IntStream.rangeClosed(1, SESSIONS).forEach(id -> fake.addSession(id, SessionState.ACTIVE, "RDP-Tcp#" + id,
                "user" + id, "SCHOOL"));
        fake.latency(40);
        List<Decision> decisions = IntStream.rangeClosed(1, SESSIONS).mapToObj(WtsActionFanoutTest::decision).toList();

        List<ActionResult> results;
        try (ActionRunner runner = new ActionRunner(WtsSessionHost.load(CLOCK), history.store(), CLOCK, 6, 256)) {
            results = runner.run(decisions, Source.CLOSING, Policy.defaults(ZoneId.of("UTC")), T0.plusSeconds(60));
        }

        assertThat(results).extracting(r -> r.decision().session().id())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, SESSIONS).boxed().toList());
        assertThat(results).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        assertThat(fake.calls("WTSDisconnectSession") + fake.calls("WTSLogoffSession") + fake.calls("WTSSendMessageW"))
                .isEqualTo(SESSIONS);
        assertThat(fake.maxInFlight()).isBetween(2, 6);
        assertThat(fake.sharedHandleCalls()).isZero();
        assertThat(fake.calls("WTSOpenServerExW")).isEqualTo(SESSIONS);
        fake.assertNoLeaks();
    }
}
