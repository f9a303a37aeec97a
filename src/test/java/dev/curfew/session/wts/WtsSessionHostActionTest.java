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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostActionTest {
    private static final ServerName MS01 = ServerName.of("ms01");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T17:45:00Z"), ZoneOffset.UTC);

    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(CLOCK);

    WtsSessionHostActionTest(FakeWindows fake) {
        this.fake = fake;
    }

    @BeforeEach
    void twoSessions() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.addSession(3, SessionState.ACTIVE, "RDP-Tcp#5", "bob", "SCHOOL");
    }

    @Test
    void isTheWtsHostOfTheLocalServer() {
        assertThat(host.kind()).isEqualTo("wts");
        assertThat(host.defaultServers()).containsExactly(ServerName.LOCALHOST);
    }

    @Test
    void disconnectAsksForTheSessionWithoutWaiting() {
        host.disconnect(ServerName.LOCALHOST, 3);

        assertThat(fake.calls("WTSDisconnectSession")).isEqualTo(1);
        assertThat(fake.lastSession("WTSDisconnectSession")).isEqualTo(3);
        assertThat(fake.lastWait("WTSDisconnectSession")).isZero();
        assertThat(fake.lastOnCurrentServer("WTSDisconnectSession")).isEqualTo(1);
        assertThat(host.list(ServerName.LOCALHOST)).extracting(Session::state)
                .containsExactly(SessionState.ACTIVE, SessionState.DISCONNECTED);
    }

    @Test
    void logoffEndsTheSessionOnTheNamedServerAndClosesIt() {
        host.logoff(MS01, 2);

        assertThat(fake.lastSession("WTSLogoffSession")).isEqualTo(2);
        assertThat(fake.lastWait("WTSLogoffSession")).isZero();
        assertThat(fake.lastOnCurrentServer("WTSLogoffSession")).isZero();
        assertThat(fake.lastServerName()).isEqualTo("ms01");
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
        assertThat(host.list(MS01)).extracting(Session::user).containsExactly("bob");
    }

    @Test
    void warnSendsTitleAndTextAsUtf16WithTheirByteLengthsWithoutWaiting() {
        host.warn(ServerName.LOCALHOST, 2, "Schulschluss ⏰", "Die Sitzung wird in 5 Minuten getrennt. 再见 😀");

        assertThat(fake.lastSession("WTSSendMessageW")).isEqualTo(2);
        assertThat(fake.lastTitle()).isEqualTo("Schulschluss ⏰");
        assertThat(fake.lastText()).isEqualTo("Die Sitzung wird in 5 Minuten getrennt. 再见 😀");
        assertThat(fake.wts.fake_last_title_bytes()).isEqualTo(2 * "Schulschluss ⏰".length());
        assertThat(fake.wts.fake_last_text_bytes())
                .isEqualTo(2 * "Die Sitzung wird in 5 Minuten getrennt. 再见 😀".length());
        assertThat(fake.wts.fake_last_style()).isEqualTo(WtsApi.MB_OK | WtsApi.MB_ICONWARNING);
        assertThat(fake.wts.fake_last_timeout()).isZero();
        assertThat(fake.lastWait("WTSSendMessageW")).isZero();
    }

    @Test
    void aRefusedDisconnectNamesServerCallAndError() {
        fake.fail("WTSDisconnectSession", 5);

        assertThatThrownBy(() -> host.disconnect(MS01, 3))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01: WTSDisconnectSession(3) failed: access denied (ERROR_ACCESS_DENIED, 5)");
        assertThat(fake.calls("WTSCloseServer")).as("closed after the failure too").isEqualTo(1);
    }

    @Test
    void aSessionThatIsGoneIsReportedByItsWindowsError() {
        assertThatThrownBy(() -> host.logoff(ServerName.LOCALHOST, 9))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("localhost: WTSLogoffSession(9) failed: "
                        + "session not found (ERROR_CTX_WINSTATION_NOT_FOUND, 7022)");
    }

    @Test
    void aFailedMessageIsReportedWithAnUnknownErrorByNumber() {
        fake.fail("WTSSendMessageW", 4321);

        assertThatThrownBy(() -> host.warn(MS01, 2, "curfew", "bye"))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01: WTSSendMessageW(2) failed: error 4321");
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void anActionOnAServerThatCannotBeOpenedIsNotTried() {
        fake.fail("WTSOpenServerExW", 1722);

        assertThatThrownBy(() -> host.logoff(MS01, 2))
                .hasMessage("ms01: WTSOpenServerExW failed: RPC server unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)");
        assertThat(fake.calls("WTSLogoffSession")).isZero();
    }

    @Test
    void aMissingLibraryIsOneClearException() {
        assertThatThrownBy(() -> WtsSessionHost.load("NoSuchWtsapi", "Kernel32", CLOCK))
                .isInstanceOf(SessionHostException.class)
                .hasMessageStartingWith("localhost: cannot load the Windows session API: ")
                .hasMessageContaining("NoSuchWtsapi")
                .hasMessageEndingWith("; the wts backend needs Windows, use --backend sim elsewhere")
                .hasMessageNotContaining("\n")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
    }

    @Test
    void aMissingExportIsASessionHostExceptionNotAnError() {
        // The fake kernel32 exports none of the WTS functions.
        WtsSessionHost incomplete = WtsSessionHost.load("Kernel32", "Kernel32", CLOCK);

        assertThatThrownBy(() -> incomplete.list(ServerName.LOCALHOST))
                .isInstanceOf(SessionHostException.class)
                .hasMessageStartingWith("localhost: the Windows session API lacks a function curfew needs: ")
                .hasMessageContaining("WTSEnumerateSessions")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
        assertThatThrownBy(() -> incomplete.disconnect(MS01, 2))
                .isInstanceOf(SessionHostException.class)
                .hasMessageContaining("WTSOpenServerEx");
    }
}
