package dev.curfew.history;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;

/** Sessions for the history tests. */
public final class Sessions {
    private Sessions() {
    }

    /** An active session of {@code user} idle for {@code idle} at {@code at}, connected since an hour before. */
    public static Session active(String server, int id, String user, Instant at, Duration idle) {
        return Session.builder(ServerName.of(server), id, SessionState.ACTIVE).user(user).domain("SCHOOL")
                .station("RDP-Tcp#" + id).clientName("PC-" + id).logon(at.minus(Duration.ofHours(1)))
                .connect(at.minus(Duration.ofHours(1))).lastInput(at.minus(idle)).observedAt(at).build();
    }

    /** The same user connected to {@code id} since {@code since}. */
    public static Session connectedSince(String server, int id, String user, Instant since, Instant at) {
        return Session.builder(ServerName.of(server), id, SessionState.ACTIVE).user(user).domain("SCHOOL")
                .station("RDP-Tcp#" + id).clientName("PC-" + id).logon(since).connect(since).lastInput(since)
                .observedAt(at).build();
    }

    /** Records one action of {@code user}'s session, its intent then its outcome 20 ms later; returns its row. */
    public static long act(HistoryStore store, Instant at, String server, int id, String user,
            dev.curfew.policy.ActionType action, String rule, Outcome outcome, String error, Duration idle) {
        Session s = active(server, id, user, at, idle);
        long row = store.recordIntent(new Intent(at, s, action, rule, "idle " + idle.toMinutes() + "m",
                Source.POLICY, false));
        store.recordOutcome(row, outcome, error, at.plusMillis(20));
        return row;
    }
}
