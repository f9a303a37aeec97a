package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostListTest {
    private static final Instant LOCAL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant SERVER_NOW = Instant.parse("2026-11-23T10:15:00.1234567Z");
    private static final ServerName MS01 = ServerName.of("ms01.school.local");

    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(Clock.fixed(LOCAL_CLOCK, ZoneOffset.UTC));

    WtsSessionHostListTest(FakeWindows fake) {
        this.fake = fake;
    }

    @Test
    void listsEverySessionWithAllItsFields() {
        fake.addSession(0, SessionState.DISCONNECTED, "Services", "", "");
        fake.addSession(1, SessionState.ACTIVE, "Console", "admin", "SCHOOL");
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "Jürgen", "SCHULE");
        fake.addSession(3, SessionState.DISCONNECTED, "RDP-Tcp#7", "李雷", "学校");
        fake.addSession(65536, SessionState.LISTEN, "RDP-Tcp", "", "");
        Instant logon = Instant.parse("2026-11-23T08:00:00Z");
        Instant connect = Instant.parse("2026-11-23T08:00:05.5Z");
        Instant lastInput = Instant.parse("2026-11-23T10:01:02.0000001Z");
        fake.times(2, logon, connect, null, lastInput, SERVER_NOW);
        fake.client(2, "PC-07", WtsClientAddress.AF_INET, new byte[] {0, 0, (byte) 192, (byte) 168, 0, 7});
        Instant dropped = Instant.parse("2026-11-23T09:30:00Z");
        fake.times(3, logon, connect, dropped, dropped, SERVER_NOW);
        fake.client(3, "Laptop-😀", WtsClientAddress.AF_INET6,
                new byte[] {0, 0, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42});

        List<Session> sessions = host.list(ServerName.LOCALHOST);

        assertThat(sessions).extracting(Session::id).containsExactly(0, 1, 2, 3, 65536);
        Session alice = sessions.get(2);
        assertThat(alice.server()).isEqualTo(ServerName.LOCALHOST);
        assertThat(alice.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(alice.user()).isEqualTo("Jürgen");
        assertThat(alice.domain()).isEqualTo("SCHULE");
        assertThat(alice.station()).isEqualTo("RDP-Tcp#4");
        assertThat(alice.clientName()).isEqualTo("PC-07");
        assertThat(alice.clientAddress()).isEqualTo("192.168.0.7");
        assertThat(alice.logonTime()).isEqualTo(logon);
        assertThat(alice.connectTime()).isEqualTo(connect);
        assertThat(alice.disconnectTime()).isNull();
        assertThat(alice.lastInputTime()).isEqualTo(lastInput);
        assertThat(alice.observedAt()).isEqualTo(SERVER_NOW);
        assertThat(alice.console()).isFalse();

        Session li = sessions.get(3);
        assertThat(li.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(li.account()).isEqualTo("学校\\李雷");
        assertThat(li.station()).isEqualTo("RDP-Tcp#7");
        assertThat(li.clientName()).isEqualTo("Laptop-😀");
        assertThat(li.clientAddress()).isEqualTo("2001:db8::42");
        assertThat(li.disconnectTime()).isEqualTo(dropped);

        assertThat(sessions.get(0).station()).isEqualTo("Services");
        assertThat(sessions.get(4).state()).isEqualTo(SessionState.LISTEN);
        assertThat(sessions.get(4).userPresent()).isFalse();
        assertThat(sessions).filteredOn(Session::console).extracting(Session::id).containsExactly(1);
    }

    @Test
    void timesComeFromTheServerClockNotTheLocalOne() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.times(2, null, null, null, SERVER_NOW.minusSeconds(600), SERVER_NOW);

        Session session = host.list(ServerName.LOCALHOST).get(0);

        assertThat(session.observedAt()).isEqualTo(SERVER_NOW);
        assertThat(session.idleSeconds()).isEqualTo(600);
        assertThat(session.logonTime()).isNull();
    }

    @Test
    void theLocalClockStandsInOnlyWhenTheServerGivesNoCurrentTime() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");

        assertThat(host.list(ServerName.LOCALHOST).get(0).observedAt()).isEqualTo(LOCAL_CLOCK);
    }

    @Test
    void localhostUsesTheCurrentServerHandleAndOpensNothing() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");

        host.list(ServerName.of("localhost"));

        assertThat(fake.calls("WTSOpenServerExW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isZero();
        assertThat(fake.lastOnCurrentServer("WTSEnumerateSessionsW")).isEqualTo(1);
        assertThat(fake.lastOnCurrentServer("WTSQuerySessionInformationW")).isEqualTo(1);
    }

    @Test
    void aRemoteServerIsOpenedByNameUsedAndClosed() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");

        List<Session> sessions = host.list(MS01);

        assertThat(sessions).singleElement().satisfies(s -> assertThat(s.server()).isEqualTo(MS01));
        assertThat(fake.calls("WTSOpenServerExW")).isEqualTo(1);
        assertThat(fake.lastServerName()).isEqualTo("ms01.school.local");
        assertThat(fake.lastOnCurrentServer("WTSEnumerateSessionsW")).isZero();
        assertThat(fake.lastOnCurrentServer("WTSQuerySessionInformationW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aFailedEnumerationNamesServerCallAndErrorAndStillClosesTheServer() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.fail("WTSEnumerateSessionsW", 1722);

        assertThatThrownBy(() -> host.list(MS01))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01.school.local: WTSEnumerateSessionsW failed: "
                        + "RPC server unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)")
                .satisfies(e -> assertThat(((SessionHostException) e).server()).isEqualTo(MS01));
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
        assertThat(fake.calls("WTSQuerySessionInformationW")).isZero();
    }

    @Test
    void aServerThatCannotBeOpenedIsReportedAndNotClosed() {
        fake.fail("WTSOpenServerExW", 5);

        assertThatThrownBy(() -> host.list(MS01))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01.school.local: WTSOpenServerExW failed: access denied (ERROR_ACCESS_DENIED, 5)");
        assertThat(fake.calls("WTSEnumerateSessionsW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isZero();
    }

    @Test
    void oneFailingServerDoesNotAffectTheNextListing() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.fail("WTSOpenServerExW", 53);

        assertThatThrownBy(() -> host.list(MS01)).hasMessageContaining("ERROR_BAD_NETPATH, 53");
        assertThat(host.list(ServerName.LOCALHOST)).extracting(Session::user).containsExactly("alice");
    }

    @Test
    void aSessionWhoseDetailsCannotBeReadIsListedWithThemUnknown() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.addSession(3, SessionState.ACTIVE, "RDP-Tcp#5", "bob", "SCHOOL");
        fake.times(2, null, null, null, SERVER_NOW, SERVER_NOW);
        fake.times(3, null, null, null, SERVER_NOW, SERVER_NOW);
        fake.client(2, "PC-07", WtsClientAddress.AF_INET, new byte[] {0, 0, 10, 0, 0, 7});
        fake.client(3, "PC-08", WtsClientAddress.AF_INET, new byte[] {0, 0, 10, 0, 0, 8});
        fake.wts.fake_fail_query(2, WtsApi.WTS_SESSION_INFO, 7022);
        fake.wts.fake_fail_query(3, WtsApi.WTS_CLIENT_ADDRESS, 5);

        List<Session> sessions = host.list(ServerName.LOCALHOST);

        Session alice = sessions.get(0);
        assertThat(alice.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(alice.station()).isEqualTo("RDP-Tcp#4");
        assertThat(alice.user()).isEmpty();
        assertThat(alice.lastInputTime()).isNull();
        assertThat(alice.observedAt()).isEqualTo(LOCAL_CLOCK);
        assertThat(alice.clientName()).isEqualTo("PC-07");
        assertThat(alice.clientAddress()).isEqualTo("10.0.0.7");
        Session bob = sessions.get(1);
        assertThat(bob.user()).isEqualTo("bob");
        assertThat(bob.clientName()).isEqualTo("PC-08");
        assertThat(bob.clientAddress()).isEmpty();
        assertThat(bob.observedAt()).isEqualTo(SERVER_NOW);
    }

    @Test
    void theDaemonsOwnSessionIsMarkedOnTheLocalServerOnly() {
        fake.addSession(1, SessionState.ACTIVE, "Console", "admin", "SCHOOL");
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "svc-curfew", "SCHOOL");
        fake.kernel32.fake_kernel32_set_session(2);

        assertThat(host.list(ServerName.LOCALHOST)).extracting(Session::self).containsExactly(false, true);
        assertThat(host.list(MS01)).extracting(Session::self).containsExactly(false, false);
    }

    @Test
    void noSessionIsMarkedOwnWhenWindowsCannotSayWhichItIs() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "svc-curfew", "SCHOOL");
        fake.kernel32.fake_kernel32_set_session(2);
        fake.kernel32.fake_kernel32_fail(5);

        assertThat(host.list(ServerName.LOCALHOST)).extracting(Session::self).containsExactly(false);
    }

    @Test
    void aLastErrorLeftBehindBySuccessfulCallsIsIgnored() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.wts.fake_set_stale_error(183);

        assertThat(host.list(MS01)).extracting(Session::user).containsExactly("alice");
        host.disconnect(MS01, 2);
    }

    @Test
    void anEmptyServerListsNothing() {
        assertThat(host.list(ServerName.LOCALHOST)).isEmpty();
        assertThat(fake.calls("WTSFreeMemory")).isEqualTo(1);
    }

    @Test
    void everyBufferIsFreedExactlyOnce() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.addSession(3, SessionState.ACTIVE, "RDP-Tcp#5", "bob", "SCHOOL");

        host.list(ServerName.LOCALHOST);

        // one enumeration + three queries for each of the two sessions
        assertThat(fake.calls("WTSFreeMemory")).isEqualTo(7);
        assertThat(fake.wts.fake_outstanding_allocations()).isZero();
    }

    @Test
    void theLeakCheckSeesABufferThatIsNotFreed() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        WtsApi wts = WtsApi.load("Wtsapi32");
        PointerByReference buffer = new PointerByReference();

        assertThat(wts.WTSQuerySessionInformation(null, 2, WtsApi.WTS_CLIENT_NAME, buffer,
                new IntByReference())).isTrue();

        assertThat(fake.wts.fake_outstanding_allocations()).isEqualTo(1);
        wts.WTSFreeMemory(buffer.getValue());
    }
}
