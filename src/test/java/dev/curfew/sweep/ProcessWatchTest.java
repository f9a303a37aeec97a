package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Wildcard;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionProcess;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessWatchTest {
    private static final ServerName MS01 = ServerName.of("ms01");
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Policy.Idle IDLE = new Policy.Idle(Duration.ofMinutes(30), Duration.ofMinutes(2),
            ActionType.DISCONNECT, List.of(Wildcard.of("teams.exe")), Duration.ofSeconds(20));

    private final ProcessWatch watch = new ProcessWatch();

    private static Session session(int id, Instant at) {
        return Session.builder(MS01, id, SessionState.ACTIVE).user("u" + id).logon(T0).lastInput(T0).observedAt(at)
                .build();
    }

    private static SessionProcess process(int session, int pid, String name, long cpuMillis) {
        return new SessionProcess(session, pid, name, Duration.ofMillis(cpuMillis));
    }

    private List<Session> measure(Instant at, SessionProcess... processes) {
        return watch.measure(MS01, List.of(session(2, at), session(3, at)), List.of(processes), at, s -> IDLE);
    }

    @Test
    void theFirstListingGivesProgramsAndNoCpuTime() {
        List<Session> s = measure(T0, process(2, 10, "explorer.exe", 5_000), process(2, 11, "Explorer.EXE", 0));

        assertThat(s.get(0).programs()).containsExactly("explorer.exe");
        assertThat(s.get(0).cpuSeconds()).isEqualTo(-1);
        assertThat(s.get(1).programs()).isEmpty();
    }

    @Test
    void cpuTimeIsTheDifferenceSinceTheListingBeforePerMinuteOfWallTime() {
        measure(T0, process(2, 10, "solver.exe", 100_000));
        Instant t1 = T0.plusSeconds(120);
        List<Session> s = measure(t1, process(2, 10, "solver.exe", 150_000), process(2, 12, "new.exe", 4_000));

        assertThat(s.get(0).cpuSeconds()).as("50 s of the old process, all 4 s of the new").isEqualTo(54.0);
        assertThat(s.get(0).activity().cpuPerMinute()).isEqualTo(27.0);
        assertThat(s.get(0).activity().lastBusy()).as("27 s a minute is over busyCpu 20s").isEqualTo(t1);
        assertThat(s.get(1).cpuSeconds()).isZero();
        assertThat(s.get(1).activity().lastBusy()).isNull();
    }

    @Test
    void aProcessIdReusedByAnotherProgramCountsAsNew() {
        measure(T0, process(2, 10, "solver.exe", 100_000));
        List<Session> s = measure(T0.plusSeconds(60), process(2, 10, "notepad.exe", 1_000));

        assertThat(s.get(0).cpuSeconds()).isEqualTo(1.0);
    }

    @Test
    void aBusyProgramKeepsItsLastListingAsInputUntilAnotherFindsItBusy() {
        Instant t1 = T0.plusSeconds(60);
        Instant t2 = T0.plusSeconds(120);
        measure(T0, process(2, 10, "Teams.exe", 0));
        assertThat(measure(t1, process(2, 10, "Teams.exe", 0)).get(0).activity().lastBusy()).isEqualTo(t1);

        List<Session> after = measure(t2);
        assertThat(after.get(0).programs()).isEmpty();
        assertThat(after.get(0).activity().lastBusy()).isEqualTo(t1);

        Session due = watch.remembered(MS01, List.of(session(2, t2.plusSeconds(30)))).get(0);
        assertThat(due.activity().lastBusy()).as("a due check sees what the last sweep found").isEqualTo(t1);
    }

    @Test
    void aNewSessionOfAnIdUsedBeforeDoesNotInheritItsBusyInstant() {
        measure(T0, process(2, 10, "Teams.exe", 0));
        Session newcomer = Session.builder(MS01, 2, SessionState.ACTIVE).user("other").logon(T0.plusSeconds(90))
                .observedAt(T0.plusSeconds(120)).build();

        Session s = watch.measure(MS01, List.of(newcomer), List.of(), T0.plusSeconds(120), x -> IDLE).get(0);

        assertThat(s.activity().lastBusy()).isNull();
        assertThat(watch.remembered(MS01, List.of(newcomer.withActivity(dev.curfew.session.Activity.UNKNOWN, null)))
                .get(0).activity().lastBusy()).isNull();
    }
}
