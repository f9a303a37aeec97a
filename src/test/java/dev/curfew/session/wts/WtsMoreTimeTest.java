package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.Await;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Warnings asking for more time through the WTS binding, against the fake's answers: the questions
 * wait on the bounded pool of askers, the warnings beyond it go out plain, and a Yes is recorded.
 */
@ExtendWith(FakeWindowsExtension.class)
class WtsMoreTimeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T16:28:00Z");
    private final FakeWindows fake;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MemoryHistory history = new MemoryHistory();
    private final WtsSessionHost host = WtsSessionHost.load(clock);
    private final ActionRunner runner = new ActionRunner(host, history.store(), clock, 1, 1, 2);

    WtsMoreTimeTest(FakeWindows fake) {
        this.fake = fake;
    }

    @AfterEach
    void close() {
        runner.close();
        history.close();
    }

    private static Decision warning(int id) {
        Session s = Session.builder(ServerName.LOCALHOST, id, SessionState.ACTIVE).user("u" + id)
                .logon(NOW.minusSeconds(3600)).lastInput(NOW.minusSeconds(1680)).observedAt(NOW).build();
        return new Decision(s, ActionType.WARN, "idle limit", "idle 28m", NOW.plusSeconds(90), ActionType.DISCONNECT);
    }

    @Test
    void twoAskersAskTwoSessionsTheOthersAreToldAndOnlyTheYesIsRecordedAsPostponed() throws Exception {
        for (int id = 2; id <= 5; id++) {
            fake.addSession(id, SessionState.ACTIVE, "RDP-Tcp#" + id, "u" + id, "LAB");
        }
        fake.answer(2, 6, 1500);   // Yes, after a while
        fake.answer(3, 7, 1500);   // No
        fake.answer(4, 6, 0);      // would say Yes, but is told: both askers are waiting
        Policy base = Policy.defaults(ZoneOffset.UTC);
        Policy policy = new Policy(base.zone(), base.idle(), base.disconnected(), base.session(), base.closing(),
                base.exempt(), base.protect(), false, new Policy.Message("Idle", "{user}: {minutes} min left",
                        Duration.ofMinutes(30), 2), List.of(), null);
        List<String> planned = new CopyOnWriteArrayList<>();
        runner.moreTime().plan((server, id, at) -> planned.add(id + "@" + at));

        List<ActionResult> results = runner.run(List.of(warning(2), warning(3), warning(4), warning(5)),
                Source.POLICY, policy);

        assertThat(results).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        assertThat(runner.moreTime().asked()).isEqualTo(2);
        assertThat(runner.moreTime().told()).isEqualTo(2);
        Await.until("both answers", Duration.ofSeconds(20), () -> fake.questions() == 2 && postponed().size() == 1);
        assertThat(fake.calls("WTSSendMessageW")).isEqualTo(4);
        assertThat(fake.maxInFlight()).as("never more than the two askers and the caller telling").isBetween(1, 3);
        assertThat(postponed()).containsExactly("2|warn|idle limit|answered Yes: disconnect postponed by 30m to"
                + " 16:59:30 (1 of 2 today)");
        assertThat(planned).as("checked again as long before the new instant as the warning came, and at it")
                .containsExactly("2@2026-11-23T16:58:00Z", "2@2026-11-23T16:59:30Z");
        Await.until("the askers idle", Duration.ofSeconds(10), () -> runner.moreTime().waiting() == 0);
    }

    @Test
    void aQuestionWaitsUntilTheActionIsDueAndNeverMoreThanTwoMinutes() throws Exception {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#2", "u2", "LAB");
        Policy base = Policy.defaults(ZoneOffset.UTC);
        Policy policy = new Policy(base.zone(), base.idle(), base.disconnected(), base.session(), base.closing(),
                base.exempt(), base.protect(), false, new Policy.Message("t", "x", Duration.ofMinutes(30), 2), List.of(), null);
        Session s = warning(2).session();

        runner.run(List.of(new Decision(s, ActionType.WARN, "closing", "end of day", NOW.plusSeconds(900),
                ActionType.DISCONNECT)), Source.CLOSING, policy);
        Await.until("the question", Duration.ofSeconds(10), () -> fake.questions() == 1);

        assertThat(fake.lastTimeout()).isEqualTo(120);
        assertThat(fake.lastStyle()).isEqualTo(0x24);
        assertThat(fake.lastText()).isEqualTo("x\n\nYes: 30m more time (2 left today).");
        Await.until("the askers idle", Duration.ofSeconds(10), () -> runner.moreTime().waiting() == 0);
    }

    private List<String> postponed() {
        List<String> rows = new ArrayList<>();
        try (Connection c = history.store().dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT session_id, action, rule, reason FROM action WHERE outcome = '"
                        + Outcome.POSTPONED.label() + "'")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
