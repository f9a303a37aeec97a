package dev.curfew.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A config folder with a history database filled with a known day, and the command line run against it. */
final class CliHistory {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    final Path configDir;
    final Path dataDir;

    CliHistory(Path dir, String historyYaml) throws IOException {
        this.configDir = dir.resolve("config");
        this.dataDir = dir.resolve("data");
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("curfew.yaml"), "node: node1\n"
                + "history:\n  dir: " + dataDir + "\n" + historyYaml
                + "report:\n  comebackWindow: 10m\n"
                + "policy:\n  zone: Europe/Berlin\n");
    }

    /** Opens the configured H2 database, hands it to {@code fill}, and closes it. */
    void fillH2() {
        try (HikariDataSource ds = HistoryStore.dataSource(null, null, null, dataDir)) {
            HistoryStore store = new HistoryStore(ds, "node1");
            store.migrate();
            fill(store);
        }
    }

    /** The known day: a warning, a disconnect alice came back from, a failed logoff with awkward text. */
    static void fill(HistoryStore store) {
        act(store, T0, "ms01", 2, "alice", ActionType.WARN, "idle limit", "idle 28m", Outcome.DONE, null, 28);
        act(store, T0.plusSeconds(120), "ms01", 2, "alice", ActionType.DISCONNECT, "idle limit", "idle 30m",
                Outcome.DONE, null, 30);
        act(store, T0.plusSeconds(125), "ms02", 3, "bob", ActionType.LOGOFF, "disconnected limit",
                "disconnected 8h, \"overnight\"", Outcome.FAILED, "no session 3 (ERROR_FILE_NOT_FOUND, 2)", 0);
        Instant back = T0.plusSeconds(300);
        store.recordConnections(ServerName.of("ms01"), List.of(Session.builder(ServerName.of("ms01"), 2,
                SessionState.ACTIVE).user("alice").logon(T0.minusSeconds(3600)).connect(back).lastInput(back)
                .observedAt(back.plusSeconds(30)).build()), back.plusSeconds(30));
    }

    static void act(HistoryStore store, Instant at, String server, int id, String user, ActionType action, String rule,
            String reason, Outcome outcome, String error, int idleMinutes) {
        Session s = Session.builder(ServerName.of(server), id, SessionState.ACTIVE).user(user).domain("SCHOOL")
                .station("RDP-Tcp#" + id).clientName("PC-" + id).logon(at.minusSeconds(7200))
                .lastInput(at.minus(Duration.ofMinutes(idleMinutes))).observedAt(at).build();
        long row = store.recordIntent(new Intent(at, s, action, rule, reason, Source.POLICY, false));
        store.recordOutcome(row, outcome, error, at.plusMillis(40));
    }

    /** What one command line printed. */
    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", configDir.toString()));
        all.addAll(List.of(args));
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
