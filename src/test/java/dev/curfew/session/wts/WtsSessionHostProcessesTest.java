package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WtsSessionHost#processes}: one {@code WTSEnumerateProcessesExW} per server, its array freed by type. */
@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostProcessesTest {
    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(Clock.systemUTC());

    WtsSessionHostProcessesTest(FakeWindows fake) {
        this.fake = fake;
    }

    @Test
    void everyProcessOfEverySessionComesWithItsNameAndKernelPlusUserTimeInOneCall() {
        fake.addProcess(0, 4, "System", Duration.ZERO, Duration.ofSeconds(90));
        fake.addProcess(2, 1208, "Teams.exe", Duration.ofMillis(12_345), Duration.ofMillis(655));
        fake.addProcess(3, 4410, "vlc-😀.exe", Duration.ofNanos(100), Duration.ZERO);

        List<SessionProcess> processes = host.processes(ServerName.LOCALHOST);

        assertThat(processes).containsExactly(
                new SessionProcess(0, 4, "System", Duration.ofSeconds(90)),
                new SessionProcess(2, 1208, "Teams.exe", Duration.ofSeconds(13)),
                new SessionProcess(3, 4410, "vlc-😀.exe", Duration.ofNanos(100)));
        assertThat(fake.calls("WTSEnumerateProcessesExW")).isEqualTo(1);
        assertThat(fake.lastSession("WTSEnumerateProcessesExW")).as("WTS_ANY_SESSION").isEqualTo(0xFFFFFFFE);
        assertThat(fake.lastOnCurrentServer("WTSEnumerateProcessesExW")).isEqualTo(1);
        assertThat(fake.calls("WTSFreeMemoryExW")).isEqualTo(1);
        assertThat(fake.lastSession("WTSFreeMemoryExW")).as("the count given back").isEqualTo(3);
        assertThat(fake.calls("WTSFreeMemory")).as("a process array is not for WTSFreeMemory").isZero();
    }

    @Test
    void aRemoteServerIsOpenedForTheListingAndClosedAfterIt() {
        fake.addProcess(2, 77, "zoom.exe", Duration.ofSeconds(1), Duration.ZERO);

        assertThat(host.processes(ServerName.of("ms02.school.local"))).extracting(SessionProcess::name)
                .containsExactly("zoom.exe");

        assertThat(fake.lastServerName()).isEqualTo("ms02.school.local");
        assertThat(fake.lastOnCurrentServer("WTSEnumerateProcessesExW")).isZero();
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aServerWithNoProcessesGivesAnEmptyArrayBackToo() {
        assertThat(host.processes(ServerName.LOCALHOST)).isEmpty();
        assertThat(fake.calls("WTSFreeMemoryExW")).isEqualTo(1);
    }

    @Test
    void aFailedListingNamesTheCallAndTheWindowsError() {
        fake.fail("WTSEnumerateProcessesExW", 5);

        assertThatThrownBy(() -> host.processes(ServerName.of("ms01")))
                .isInstanceOf(SessionHostException.class)
                .hasMessage("ms01: WTSEnumerateProcessesExW failed: access denied (ERROR_ACCESS_DENIED, 5)");
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }
}
