package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Pointer;
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
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WtsSessionHost#roster}: the closing's listing, one {@code WTSEnumerateSessionsExW} per server. */
@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostRosterTest {
    private static final Instant LOCAL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant SERVER_NOW = Instant.parse("2026-11-23T10:15:00Z");
    private static final ServerName MS01 = ServerName.of("ms01.school.local");
    /** What the closing reads of a session, and what a roster must give as the listing does. */
    private static final Function<Session, List<Object>> CLOSING_FIELDS = s -> List.of(s.id(), s.state(), s.user(),
            s.domain(), s.station(), s.console(), s.self());

    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(Clock.fixed(LOCAL_CLOCK, ZoneOffset.UTC));

    WtsSessionHostRosterTest(FakeWindows fake) {
        this.fake = fake;
    }

    private void aServerOfFive() {
        fake.addSession(0, SessionState.DISCONNECTED, "Services", "", "");
        fake.addSession(1, SessionState.ACTIVE, "Console", "admin", "SCHOOL");
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "Jürgen", "SCHULE");
        fake.addSession(3, SessionState.DISCONNECTED, "RDP-Tcp#7", "李雷", "学校");
        fake.addSession(65536, SessionState.LISTEN, "RDP-Tcp", "", "");
        Instant logon = SERVER_NOW.minusSeconds(7200);
        fake.times(2, logon, logon, null, SERVER_NOW.minusSeconds(60), SERVER_NOW);
        fake.times(3, logon, logon, SERVER_NOW.minusSeconds(600), SERVER_NOW.minusSeconds(600), SERVER_NOW);
        fake.client(2, "PC-07", WtsClientAddress.AF_INET, new byte[] {0, 0, 10, 0, 0, 7});
        fake.client(3, "Laptop-😀", WtsClientAddress.AF_INET, new byte[] {0, 0, 10, 0, 0, 8});
    }

    @Test
    void theRosterHasTheListingsIdsStatesUsersStationsConsoleAndOwnSessionInOneCall() {
        aServerOfFive();
        fake.kernel32.fake_kernel32_set_session(2);

        List<Session> roster = host.roster(ServerName.LOCALHOST, false);

        assertThat(fake.calls("WTSEnumerateSessionsExW")).isEqualTo(1);
        assertThat(fake.lastOnCurrentServer("WTSEnumerateSessionsExW")).isEqualTo(1);
        assertThat(fake.calls("WTSEnumerateSessionsW")).isZero();
        assertThat(fake.calls("WTSQuerySessionInformationW")).isZero();
        assertThat(fake.calls("WTSOpenServerExW")).isZero();
        List<Session> listed = host.list(ServerName.LOCALHOST);
        assertThat(roster).hasSize(5).map(CLOSING_FIELDS).containsExactlyElementsOf(listed.stream()
                .map(CLOSING_FIELDS).toList());
        assertThat(roster).filteredOn(Session::self).extracting(Session::id).containsExactly(2);
        assertThat(roster).filteredOn(Session::console).extracting(Session::id).containsExactly(1);
        assertThat(roster).extracting(Session::userPresent).containsExactly(false, true, true, true, false);
    }

    @Test
    void theRosterLeavesTimesAndClientsUnknownAndIsObservedAtTheLocalClock() {
        aServerOfFive();

        Session li = host.roster(ServerName.LOCALHOST, false).get(3);

        assertThat(li.account()).isEqualTo("学校\\李雷");
        assertThat(li.logonTime()).isNull();
        assertThat(li.connectTime()).isNull();
        assertThat(li.disconnectTime()).isNull();
        assertThat(li.lastInputTime()).isNull();
        assertThat(li.disconnectedSeconds()).isEqualTo(-1);
        assertThat(li.clientName()).isEmpty();
        assertThat(li.clientAddress()).isEmpty();
        assertThat(li.observedAt()).isEqualTo(LOCAL_CLOCK);
        assertThat(host.roster(ServerName.LOCALHOST, false).get(2).idle()).isNull();
    }

    @Test
    void namesAreReadAsUtf16AndNotCutToTheFixedFieldsOfTheListing() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "Zoë-😀", "ÉCOLE");
        fake.addSession(3, SessionState.ACTIVE, "RDP-Tcp#5", "a.very.long.user.name.of.30ch", "SCHOOL");

        List<Session> roster = host.roster(ServerName.LOCALHOST, false);

        assertThat(roster).extracting(Session::account)
                .containsExactly("ÉCOLE\\Zoë-😀", "SCHOOL\\a.very.long.user.name.of.30ch");
        // WTSINFOW holds 20 characters of a user name; the roster's pointer holds all of them.
        assertThat(host.list(ServerName.LOCALHOST).get(1).user()).isEqualTo("a.very.long.user.nam");
    }

    @Test
    void aRemoteServerIsOpenedByNameListedOnceAndClosedWithNoOwnSession() {
        aServerOfFive();
        fake.kernel32.fake_kernel32_set_session(2);

        List<Session> roster = host.roster(MS01, false);

        assertThat(roster).extracting(Session::server).containsOnly(MS01);
        assertThat(roster).extracting(Session::user).containsExactly("", "admin", "Jürgen", "李雷", "");
        assertThat(roster).noneMatch(Session::self);
        assertThat(fake.calls("WTSOpenServerExW")).isEqualTo(1);
        assertThat(fake.lastServerName()).isEqualTo("ms01.school.local");
        assertThat(fake.lastOnCurrentServer("WTSEnumerateSessionsExW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aFailedRosterNamesServerCallAndErrorAndStillClosesTheServer() {
        aServerOfFive();
        fake.fail("WTSEnumerateSessionsExW", 1722);

        assertThatThrownBy(() -> host.roster(MS01, false))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01.school.local: WTSEnumerateSessionsExW failed: "
                        + "RPC server unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)")
                .satisfies(e -> assertThat(((SessionHostException) e).server()).isEqualTo(MS01));
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
        assertThat(fake.calls("WTSFreeMemoryExW")).isZero();
    }

    @Test
    void theArrayIsFreedOnceWithWtsFreeMemoryExItsTypeAndItsCount() {
        aServerOfFive();

        host.roster(ServerName.LOCALHOST, false);

        assertThat(fake.calls("WTSFreeMemoryExW")).isEqualTo(1);
        assertThat(fake.lastSession("WTSFreeMemoryExW")).as("the count passed").isEqualTo(5);
        assertThat(fake.calls("WTSFreeMemory")).isZero();
        assertThat(fake.wts.fake_outstanding_allocations()).isZero();
        assertThat(fake.wts.fake_bad_frees()).isZero();
    }

    @Test
    void anEmptyServerGivesAnEmptyRosterAndItsBufferBack() {
        assertThat(host.roster(MS01, true)).isEmpty();

        assertThat(fake.calls("WTSFreeMemoryExW")).isEqualTo(1);
        assertThat(fake.lastSession("WTSFreeMemoryExW")).isZero();
    }

    @Test
    void theLeakCheckSeesARosterFreedWithTheWrongCountOrFunction() {
        aServerOfFive();
        WtsApi wts = WtsApi.load("Wtsapi32");
        PointerByReference buffer = new PointerByReference();
        IntByReference count = new IntByReference();

        assertThat(wts.WTSEnumerateSessionsEx(null, new IntByReference(1), 0, buffer, count)).isTrue();
        Pointer array = buffer.getValue();
        assertThat(wts.WTSFreeMemoryEx(WtsApi.WTS_TYPE_SESSION_INFO_LEVEL1, array, count.getValue() - 1)).isFalse();
        wts.WTSFreeMemory(array);

        assertThat(fake.wts.fake_bad_frees()).isEqualTo(2);
        assertThat(fake.wts.fake_outstanding_allocations()).isEqualTo(1);
        assertThat(wts.WTSFreeMemoryEx(WtsApi.WTS_TYPE_SESSION_INFO_LEVEL1, array, count.getValue())).isTrue();
        assertThat(fake.wts.fake_outstanding_allocations()).isZero();
        fake.reset(); // the two bad frees were this test's own
    }

    @Test
    void levelOtherThanOneIsRefusedAsWindowsDoes() {
        WtsApi wts = WtsApi.load("Wtsapi32");

        assertThat(wts.WTSEnumerateSessionsEx(null, new IntByReference(2), 0, new PointerByReference(),
                new IntByReference())).isFalse();
        assertThat(fake.wts.fake_outstanding_allocations()).isZero();
    }

    @Test
    void withClientNamesEachSessionWithAUserIsAskedForItsClientNameOnly() {
        aServerOfFive();
        fake.wts.fake_fail_query(1, WtsApi.WTS_CLIENT_NAME, 5);

        List<Session> roster = host.roster(MS01, true);

        assertThat(roster).extracting(Session::clientName).containsExactly("", "", "PC-07", "Laptop-😀", "");
        assertThat(roster).extracting(Session::clientAddress).containsOnly("");
        assertThat(fake.calls("WTSQuerySessionInformationW")).as("admin, Jürgen and 李雷").isEqualTo(3);
        assertThat(fake.lastOnCurrentServer("WTSQuerySessionInformationW")).isZero();
        assertThat(fake.calls("WTSFreeMemory")).as("the two client names read").isEqualTo(2);
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aLastErrorLeftBehindBySuccessfulCallsIsIgnored() {
        aServerOfFive();
        fake.wts.fake_set_stale_error(183);

        assertThat(host.roster(MS01, true)).hasSize(5);
    }
}
