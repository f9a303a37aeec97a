package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.ShippedConfig;
import dev.curfew.config.ConfigLoader;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** disconnect, logoff and message on the simulated demo servers, as an administrator uses them. */
class SessionVerbsTest {
    @TempDir
    Path dir;

    String out;
    String err;
    final List<String> prompts = new ArrayList<>();

    @BeforeEach
    void writeConfig() throws IOException {
        ShippedConfig.copyTo(dir, "1m");
    }

    int runWith(String stdin, Deque<String> answers, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Io.Terminal terminal = answers == null ? null : prompt -> {
            prompts.add(prompt);
            return answers.poll();
        };
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(new Io(new BufferedReader(new StringReader(stdin)), terminal),
                new PrintWriter(o, true), new PrintWriter(e, true), all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    int run(String... args) {
        return runWith("", null, args);
    }

    List<HistoryEntry> history() {
        var config = ConfigLoader.load(dir);
        try (var ds = HistoryStore.dataSource(config.history().url(), null, null, config.history().dir())) {
            HistoryStore store = new HistoryStore(ds, "x");
            store.migrate();
            return store.query(HistoryFilter.ALL);
        }
    }

    @Test
    void whatIfPrintsTheCmdletLineAndChangesNothing() {
        assertThat(run("disconnect", "--server", "ms01.school.local", "--session-id", "2", "--what-if")).isZero();
        assertThat(out).isEqualTo("What if: Disconnecting session 2 (SCHOOL\\alice) on ms01.school.local."
                + System.lineSeparator());
        assertThat(history()).singleElement().satisfies(r -> {
            assertThat(r.whatIf()).isTrue();
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.source()).isEqualTo(Source.COMMAND);
        });
    }

    @Test
    void disconnectsAListOfIdsReportingUnknownOnesWithExitOne() {
        assertThat(run("disconnect", "--computer-name", "ms01.school.local", "--session-id", "2,4,9")).isEqualTo(1);
        assertThat(out.lines()).containsExactly(
                "Disconnected session 2 (SCHOOL\\alice) on ms01.school.local.",
                "Disconnected session 4 (SCHOOL\\carol) on ms01.school.local.");
        assertThat(err.strip()).isEqualTo("curfew: ms01.school.local: no session 9");
        assertThat(history()).extracting(HistoryEntry::sessionId, HistoryEntry::action, HistoryEntry::rule,
                HistoryEntry::source, HistoryEntry::outcome).containsExactly(
                tuple(2, ActionType.DISCONNECT, "command line", Source.COMMAND, Outcome.DONE),
                tuple(4, ActionType.DISCONNECT, "command line", Source.COMMAND, Outcome.DONE));
    }

    @Test
    void neverActsOnItsOwnSessionTheServicesSessionOrAListener() {
        assertThat(run("logoff", "--server", "ms01.school.local", "--session-id", "0,65536,3")).isEqualTo(1);
        assertThat(err.lines()).containsExactly(
                "curfew: ms01.school.local: refusing to logoff session 0: it is the services session",
                "curfew: ms01.school.local: refusing to logoff session 65536: it is a listener (RDP-Tcp)");
        assertThat(out.strip()).isEqualTo("Logged off session 3 (SCHOOL\\bob) on ms01.school.local.");
    }

    @Test
    void allSkipsServicesListenersAndDisconnectedSessions() {
        assertThat(run("disconnect", "--all", "--server", "ms01.school.local", "--what-if")).isZero();
        assertThat(out.lines()).containsExactly(
                "What if: Disconnecting session 1 (SCHOOL\\admin) on ms01.school.local.",
                "What if: Disconnecting session 2 (SCHOOL\\alice) on ms01.school.local.",
                "What if: Disconnecting session 4 (SCHOOL\\carol) on ms01.school.local.",
                "What if: Disconnecting session 5 (SCHOOL\\svc_backup) on ms01.school.local.",
                "What if: Disconnecting session 6 (SCHOOL\\erin) on ms01.school.local.");
    }

    @Test
    void readsIdsAndJsonLinesFromStandardInputLikeAPipeline() {
        String json = "{\"server\":\"ms02.school.local\",\"sessionId\":2,\"user\":\"frank\"}\n"
                + "{\"server\":\"ms01.school.local\",\"sessionId\":6}\n";
        assertThat(runWith(json, null, "logoff", "-")).isZero();
        assertThat(out.lines()).containsExactly(
                "Logged off session 2 (SCHOOL\\frank) on ms02.school.local.",
                "Logged off session 6 (SCHOOL\\erin) on ms01.school.local.");
        assertThat(runWith("4\n\n5\n", null, "disconnect", "--server", "ms01.school.local", "-")).isZero();
        assertThat(out.lines()).hasSize(2);
    }

    @Test
    void aBadStandardInputLineStopsBeforeAnythingIsDone() {
        assertThat(runWith("2\nthree\n", null, "disconnect", "--server", "ms01.school.local", "-")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: standard input line 2: \"three\" is not a session id (a number like 3)");
        assertThat(history()).isEmpty();
    }

    @Test
    void confirmAsksPerSessionAndSkipsOnNo() {
        Deque<String> answers = new ArrayDeque<>(List.of("y", "n"));
        assertThat(runWith("", answers, "disconnect", "--server", "ms01.school.local", "--session-id", "2,4", "--confirm"))
                .isZero();
        assertThat(prompts).containsExactly(
                "Disconnect session 2 (SCHOOL\\alice) on ms01.school.local? [y/N] ",
                "Disconnect session 4 (SCHOOL\\carol) on ms01.school.local? [y/N] ");
        assertThat(out.lines()).containsExactly("Disconnected session 2 (SCHOOL\\alice) on ms01.school.local.",
                "Skipped session 4 (SCHOOL\\carol) on ms01.school.local.");
        assertThat(history()).extracting(HistoryEntry::sessionId).containsExactly(2);
    }

    @Test
    void confirmRefusesWithoutATerminal() {
        assertThat(run("disconnect", "--server", "ms01.school.local", "--session-id", "2", "--confirm")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: --confirm needs a terminal to ask on; preview with --what-if instead");
    }

    @Test
    void targetsMustBeGivenOneWay() {
        assertThat(run("disconnect", "--server", "ms01.school.local")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo(
                "curfew: give exactly one of --session-id N[,N...], --all, or - (targets on standard input)");
        assertThat(run("disconnect", "--server", "ms01.school.local", "--all", "--session-id", "2")).isEqualTo(2);
        assertThat(run("disconnect", "--server", "ms01.school.local", "--session-id", "x")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: --session-id: \"x\" is not a session id (a number like 3)");
    }

    @Test
    void severalSimulatedServersNeedAServerName() {
        assertThat(run("disconnect", "--session-id", "2")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo(
                "curfew: the sim host has several servers [ms01.school.local, ms02.school.local]: name one with --server");
    }

    @Test
    void ofSeveralWrongThingsTheFirstInTheCommandLineIsNamed() {
        assertThat(run("disconnect", "--session-id", "abc")).isEqualTo(2);
        assertThat(err).isEqualTo("curfew: --session-id: \"abc\" is not a session id (a number like 3)"
                + System.lineSeparator());
        assertThat(run("logoff", "--session-id", "2,abc", "--server", "a!b")).isEqualTo(2);
        assertThat(err).isEqualTo("curfew: --session-id: \"abc\" is not a session id (a number like 3)"
                + System.lineSeparator());
        assertThat(run("message", "--server", "a!b", "--session-id", "abc", "--text", "hi")).isEqualTo(2);
        assertThat(err).isEqualTo("curfew: --server: \"a!b\" is not a server name (use a host name like"
                + " ms01.school.local, a NetBIOS name or an IP address)" + System.lineSeparator());
        assertThat(history()).isEmpty();
    }

    @Test
    void messageIsSentAndRecorded() {
        assertThat(run("message", "--server", "ms01.school.local", "--session-id", "2", "--text", "Class ends at 12"))
                .isZero();
        assertThat(out.strip()).isEqualTo("Sent the message to session 2 (SCHOOL\\alice) on ms01.school.local.");
        assertThat(history()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ActionType.WARN);
            assertThat(r.reason()).isEqualTo("message: Class ends at 12");
            assertThat(r.source()).isEqualTo(Source.COMMAND);
        });
    }
}
