package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curfew.ShippedConfig;
import dev.curfew.cli.Main;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line with {@code --backend wts}, reaching the real binding and the fake wtsapi32. */
@ExtendWith(FakeWindowsExtension.class)
class WtsCommandLineTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    final FakeWindows fake;
    @TempDir
    Path dir;
    String out;
    String err;

    WtsCommandLineTest(FakeWindows fake) {
        this.fake = fake;
    }

    @BeforeEach
    void serverWithThreeUsers() throws IOException {
        ShippedConfig.copyTo(dir, "1m");
        fake.addSession(0, SessionState.DISCONNECTED, "Services", "", "");
        fake.addSession(1, SessionState.ACTIVE, "Console", "admin", "SCHOOL");
        fake.addSession(2, SessionState.ACTIVE, "RDP-Tcp#4", "alice", "SCHOOL");
        fake.addSession(3, SessionState.DISCONNECTED, "RDP-Tcp#2", "Jürgen", "SCHOOL");
        fake.addSession(65536, SessionState.LISTEN, "RDP-Tcp", "", "");
        fake.times(2, NOW.minusSeconds(3600), NOW.minusSeconds(3600), null, NOW.minusSeconds(600), NOW);
        fake.kernel32.fake_kernel32_set_session(1);
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = dir.toString();
        all[2] = "--backend";
        all[3] = "wts";
        System.arraycopy(args, 0, all, 4, args.length);
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void sessionsListsTheFakeServerAsJson() throws IOException {
        assertThat(run("sessions", "--format", "json")).isZero();
        List<JsonNode> rows = out.lines().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(rows).extracting(r -> r.get("sessionId").asInt()).containsExactly(0, 1, 2, 3, 65536);
        assertThat(rows.get(2).get("server").asText()).isEqualTo("localhost");
        assertThat(rows.get(2).get("idleSeconds").asLong()).isEqualTo(600);
        assertThat(rows.get(3).get("user").asText()).isEqualTo("Jürgen");
        assertThat(rows.get(1).get("protected").asText()).isEqualTo("curfew's own session");
    }

    @Test
    void disconnectCallsTheApiForOthersAndRefusesItsOwnSession() {
        assertThat(run("disconnect", "--session-id", "2,1,9")).isEqualTo(1);
        assertThat(out.strip()).isEqualTo("Disconnected session 2 (SCHOOL\\alice) on localhost.");
        assertThat(err.lines()).containsExactly(
                "curfew: localhost: refusing to disconnect session 1 (SCHOOL\\admin): it is the session curfew runs in",
                "curfew: localhost: no session 9");
        assertThat(fake.calls("WTSDisconnectSession")).isEqualTo(1);
        assertThat(fake.lastSession("WTSDisconnectSession")).isEqualTo(2);
    }

    @Test
    void logoffAllSkipsServicesListenerAndOwnSession() {
        assertThat(run("logoff", "--all")).isZero();
        assertThat(out.lines()).containsExactly("Logged off session 2 (SCHOOL\\alice) on localhost.",
                "Logged off session 3 (SCHOOL\\Jürgen) on localhost.");
        assertThat(err.strip()).isEqualTo(
                "curfew: localhost: skipping session 1 (SCHOOL\\admin): it is the session curfew runs in");
        assertThat(fake.calls("WTSLogoffSession")).isEqualTo(2);
    }

    @Test
    void anAccessDeniedIsOneLineWithTheWindowsErrorAndExitOne() {
        fake.fail("WTSLogoffSession", 5);
        assertThat(run("logoff", "--session-id", "2")).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("curfew: localhost: logoff session 2 failed: "
                + "localhost: WTSLogoffSession(2) failed: access denied (ERROR_ACCESS_DENIED, 5)");
    }

    @Test
    void messageArrivesAsUtf16() {
        assertThat(run("message", "--session-id", "3", "--text", "Grüße", "--title", "Schule")).isZero();
        assertThat(fake.lastText()).isEqualTo("Grüße");
        assertThat(fake.lastTitle()).isEqualTo("Schule");
    }
}
