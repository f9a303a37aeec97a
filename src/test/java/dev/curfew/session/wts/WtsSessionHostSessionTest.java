package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WtsSessionHost#session}: the due check's re-read of one session, without listing the server. */
@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostSessionTest {
    private static final Instant LOCAL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant SERVER_NOW = Instant.parse("2026-11-23T10:15:00.1234567Z");
    private static final ServerName MS01 = ServerName.of("ms01.school.local");
    /** ERROR_CTX_WINSTATION_NOT_FOUND: what Windows answers for a session id that does not exist. */
    private static final int NOT_FOUND = 7022;

    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(Clock.fixed(LOCAL_CLOCK, ZoneOffset.UTC));

    WtsSessionHostSessionTest(FakeWindows fake) {
        this.fake = fake;
    }

    private void threeSessions() {
        fake.addSession(1, SessionState.ACTIVE, "Console", "admin", "SCHOOL");
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "Jürgen", "SCHULE");
        fake.addSession(3, SessionState.DISCONNECTED, "RDP-Tcp#7", "李雷", "学校");
        Instant logon = Instant.parse("2026-11-23T08:00:00Z");
        fake.times(2, logon, logon.plusSeconds(5), null, Instant.parse("2026-11-23T10:01:02.0000001Z"), SERVER_NOW);
        fake.client(2, "PC-07", WtsClientAddress.AF_INET, new byte[] {0, 0, (byte) 192, (byte) 168, 0, 7});
        Instant dropped = Instant.parse("2026-11-23T09:30:00Z");
        fake.times(3, logon, logon, dropped, dropped, SERVER_NOW);
        fake.client(3, "Laptop-😀", WtsClientAddress.AF_INET6,
                new byte[] {0, 0, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42});
    }

    @Test
    void oneSessionHasExactlyTheFieldsTheListingGivesIt() {
        threeSessions();
        fake.kernel32.fake_kernel32_set_session(1);

        for (Session listed : host.list(ServerName.LOCALHOST)) {
            assertThat(host.session(ServerName.LOCALHOST, listed.id())).contains(listed);
        }
        for (Session listed : host.list(MS01)) {
            assertThat(host.session(MS01, listed.id())).contains(listed);
        }
        assertThat(host.session(ServerName.LOCALHOST, 1)).hasValueSatisfying(s -> {
            assertThat(s.self()).isTrue();
            assertThat(s.console()).isTrue();
        });
    }

    @Test
    void aRemoteSessionCostsOneOpenThreeQueriesAndOneCloseNotAListing() {
        threeSessions();

        Session li = host.session(MS01, 3).orElseThrow();

        assertThat(li.account()).isEqualTo("学校\\李雷");
        assertThat(li.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(li.station()).isEqualTo("RDP-Tcp#7");
        assertThat(li.clientAddress()).isEqualTo("2001:db8::42");
        assertThat(li.observedAt()).isEqualTo(SERVER_NOW);
        assertThat(fake.calls("WTSEnumerateSessionsW")).isZero();
        assertThat(fake.calls("WTSOpenServerExW")).isEqualTo(1);
        assertThat(fake.lastServerName()).isEqualTo("ms01.school.local");
        assertThat(fake.calls("WTSQuerySessionInformationW")).isEqualTo(3);
        assertThat(fake.lastSession("WTSQuerySessionInformationW")).isEqualTo(3);
        assertThat(fake.lastOnCurrentServer("WTSQuerySessionInformationW")).isZero();
        assertThat(fake.calls("WTSFreeMemory")).isEqualTo(3);
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aLocalSessionCostsThreeQueriesOnTheCurrentServerHandle() {
        threeSessions();

        assertThat(host.session(ServerName.LOCALHOST, 2)).hasValueSatisfying(s -> assertThat(s.user()).isEqualTo("Jürgen"));

        assertThat(fake.calls("WTSOpenServerExW")).isZero();
        assertThat(fake.calls("WTSEnumerateSessionsW")).isZero();
        assertThat(fake.calls("WTSQuerySessionInformationW")).isEqualTo(3);
        assertThat(fake.lastOnCurrentServer("WTSQuerySessionInformationW")).isEqualTo(1);
        assertThat(fake.calls("WTSCloseServer")).isZero();
    }

    @Test
    void aSessionThatDoesNotExistIsEmptyAfterOneQuery() {
        threeSessions();

        assertThat(host.session(MS01, 9)).isEmpty();

        assertThat(fake.calls("WTSQuerySessionInformationW")).isEqualTo(1);
        assertThat(fake.calls("WTSFreeMemory")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aSessionLoggedOffBetweenItsQueriesIsEmpty() {
        threeSessions();
        fake.wts.fake_fail_query(2, WtsApi.WTS_CLIENT_ADDRESS, NOT_FOUND);

        assertThat(host.session(ServerName.LOCALHOST, 2)).isEmpty();
    }

    @Test
    void aSessionLoggedOffIsEmptyAfterwards() {
        threeSessions();
        host.logoff(ServerName.LOCALHOST, 2);

        assertThat(host.session(ServerName.LOCALHOST, 2)).isEmpty();
        assertThat(host.session(ServerName.LOCALHOST, 3)).isPresent();
    }

    @Test
    void aFailedSessionQueryNamesServerSessionAndErrorAndStillClosesTheServer() {
        threeSessions();
        fake.wts.fake_fail_query(2, WtsApi.WTS_SESSION_INFO, 1722);

        assertThatThrownBy(() -> host.session(MS01, 2))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01.school.local: WTSQuerySessionInformationW(2, WTSSessionInfo) failed: "
                        + "RPC server unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)")
                .satisfies(e -> assertThat(((SessionHostException) e).server()).isEqualTo(MS01));
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void anAccessDeniedIsAnErrorNotAMissingSession() {
        threeSessions();
        fake.wts.fake_fail_query(3, -1, 5);

        assertThatThrownBy(() -> host.session(ServerName.LOCALHOST, 3))
                .hasMessage("localhost: WTSQuerySessionInformationW(3, WTSSessionInfo) failed: "
                        + "access denied (ERROR_ACCESS_DENIED, 5)");
    }

    @Test
    void clientFieldsThatCannotBeReadStayUnknownAsInTheListing() {
        threeSessions();
        fake.wts.fake_fail_query(2, WtsApi.WTS_CLIENT_NAME, 5);

        Session alice = host.session(ServerName.LOCALHOST, 2).orElseThrow();

        assertThat(alice.clientName()).isEmpty();
        assertThat(alice.clientAddress()).isEqualTo("192.168.0.7");
        assertThat(alice).isEqualTo(host.list(ServerName.LOCALHOST).get(1));
    }

    @Test
    void aServerThatCannotBeOpenedIsReportedAndNotQueried() {
        fake.fail("WTSOpenServerExW", 53);

        assertThatThrownBy(() -> host.session(MS01, 2))
                .hasMessage("ms01.school.local: WTSOpenServerExW failed: network path not found (ERROR_BAD_NETPATH, 53)");
        assertThat(fake.calls("WTSQuerySessionInformationW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isZero();
    }

    @Test
    void aLastErrorLeftBehindBySuccessfulQueriesIsIgnored() {
        threeSessions();
        fake.wts.fake_set_stale_error(NOT_FOUND);

        assertThat(host.session(MS01, 2)).isPresent();
    }
}
