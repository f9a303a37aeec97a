package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WtsSessionHost#ask}: a Yes/No message that waits for the answer, up to a timeout. */
@ExtendWith(FakeWindowsExtension.class)
class WtsSessionHostAskTest {
    private static final ServerName MS01 = ServerName.of("ms01");
    private final FakeWindows fake;
    private final WtsSessionHost host = WtsSessionHost.load(Clock.systemUTC());

    WtsSessionHostAskTest(FakeWindows fake) {
        this.fake = fake;
    }

    @BeforeEach
    void threeSessions() {
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#1", "alice", "SCHOOL");
        fake.addSession(3, SessionState.ACTIVE, "RDP-Tcp#2", "bob", "SCHOOL");
        fake.addSession(4, SessionState.ACTIVE, "RDP-Tcp#3", "carol", "SCHOOL");
        fake.answer(2, 6, 0);
        fake.answer(3, 7, 0);
        fake.answer(4, 32000, 0);
    }

    @Test
    void eachSessionsAnswerComesBackAsYesNoOrTimeout() {
        assertThat(host.ask(MS01, 2, "More time?", "Yes for 30m", Duration.ofSeconds(90))).isEqualTo(Answer.YES);
        assertThat(host.ask(MS01, 3, "More time?", "Yes for 30m", Duration.ofSeconds(90))).isEqualTo(Answer.NO);
        assertThat(host.ask(MS01, 4, "More time?", "Yes for 30m", Duration.ofSeconds(90))).isEqualTo(Answer.TIMEOUT);
        assertThat(fake.questions()).isEqualTo(3);
    }

    @Test
    void theQuestionIsAYesNoBoxThatWaitsWithTheTimeoutInSeconds() {
        host.ask(MS01, 2, "Mehr Zeit?", "Ja: 30 Minuten länger", Duration.ofMillis(119_900));

        assertThat(fake.lastStyle()).as("MB_YESNO | MB_ICONQUESTION").isEqualTo(0x24);
        assertThat(fake.lastWait("WTSSendMessageW")).as("bWait TRUE (JNA passes -1)").isNotZero();
        assertThat(fake.lastTimeout()).isEqualTo(119);
        assertThat(fake.lastTitle()).isEqualTo("Mehr Zeit?");
        assertThat(fake.lastText()).isEqualTo("Ja: 30 Minuten länger");
        assertThat(fake.calls("WTSCloseServer")).isEqualTo(1);
    }

    @Test
    void aTimeoutBelowASecondWaitsOneSecond() {
        host.ask(MS01, 2, "t", "x", Duration.ofMillis(300));

        assertThat(fake.lastTimeout()).isEqualTo(1);
    }

    @Test
    void aFailedQuestionNamesTheCallAndTheError() {
        assertThatThrownBy(() -> host.ask(MS01, 9, "t", "x", Duration.ofSeconds(5)))
                .isInstanceOf(SessionHostException.class)
                .hasMessageStartingWith("ms01: WTSSendMessageW(9) failed: ");
    }
}
