package dev.curfew.session.sim;

import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionProcess;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated Remote Desktop fleet that plays a {@link Scenario} against a clock. It behaves as a
 * real server would: a disconnect makes the session Disconnected at that instant, a logoff removes
 * it, and the scenario's input events then no longer apply.
 *
 * <pre>{@code
 * SessionHost host = new SimulatedSessionHost(ScenarioReader.read(file).startingAt(clock.instant()), clock);
 * host.list(ServerName.of("ms01.school.local"));
 * }</pre>
 *
 * <p>With a journal file ({@code host.journal} in the config), each warn, disconnect and logoff the
 * host receives is appended to it before it is applied, and the actions other daemons appended
 * to the same file are applied here too: several daemons playing the same scenario from the same
 * start ({@code host.scenarioStart}) then see one fleet, as they would real servers.
 */
public final class SimulatedSessionHost implements SessionHost {
    private final Scenario scenario;
    private final Clock clock;
    private final Map<ServerName, List<SimSession>> servers = new LinkedHashMap<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Journal journal;

    public SimulatedSessionHost(Scenario scenario, Clock clock) {
        this(scenario, clock, null);
    }

    /** A host that shares its servers' actions through {@code journal} (null: no journal). */
    public SimulatedSessionHost(Scenario scenario, Clock clock, Path journal) {
        this.scenario = scenario;
        this.clock = clock;
        this.journal = journal == null ? null : new Journal(journal);
        for (Scenario.Server server : scenario.servers()) {
            List<SimSession> sessions = new ArrayList<>();
            for (Scenario.SessionSpec spec : server.sessions()) {
                sessions.add(new SimSession(spec));
            }
            servers.put(server.name(), sessions);
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    @Override
    public String kind() {
        return "sim";
    }

    @Override
    public List<ServerName> defaultServers() {
        return List.copyOf(servers.keySet());
    }

    @Override
    public List<Session> list(ServerName server) {
        catchUp();
        Instant now = clock.instant();
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            List<Session> out = new ArrayList<>();
            for (SimSession s : sessions) {
                s.advanceTo(now);
                if (s.exists(now)) {
                    out.add(s.snapshot(server, now));
                }
            }
            return out;
        }
    }

    @Override
    public void warn(ServerName server, int sessionId, String title, String text) {
        journal("warn", server, sessionId);
        find(server, sessionId, clock.instant());
        messages.add(server + "#" + sessionId + ": " + title + ": " + text);
    }

    /** Every process of the sessions there now: their programs (scenario {@code programs}, {@code start}, {@code cpu}). */
    @Override
    public List<SessionProcess> processes(ServerName server) {
        catchUp();
        Instant now = clock.instant();
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            List<SessionProcess> out = new ArrayList<>();
            for (SimSession s : sessions) {
                s.advanceTo(now);
                if (s.exists(now)) {
                    out.addAll(s.processes(now));
                }
            }
            return out;
        }
    }

    /**
     * Shows the question and answers at once, in the clock's time, with the next of the session's
     * scenario {@code answers} (no answer, a time-out, once they are used up).
     */
    @Override
    public Answer ask(ServerName server, int sessionId, String title, String text, Duration timeout) {
        journal("warn", server, sessionId);
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            Answer answer = find(server, sessionId, clock.instant()).answer();
            messages.add(server + "#" + sessionId + ": " + title + ": " + text + " [" + answer.label() + "]");
            return answer;
        }
    }

    @Override
    public void disconnect(ServerName server, int sessionId) {
        journal("disconnect", server, sessionId);
        Instant now = clock.instant();
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            find(server, sessionId, now).disconnectAt(now);
        }
    }

    @Override
    public void logoff(ServerName server, int sessionId) {
        journal("logoff", server, sessionId);
        Instant now = clock.instant();
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            find(server, sessionId, now).logoffAt(now);
        }
    }

    private void journal(String action, ServerName server, int sessionId) {
        if (journal != null) {
            catchUp();
            journal.append(clock.instant(), action, server, sessionId);
        }
    }

    /**
     * Applies the actions appended to the journal since the last look, at their instants; this
     * host's own are found already applied. Lines from before the scenario's start (an earlier run
     * on another day) are ignored.
     */
    private void catchUp() {
        if (journal == null) {
            return;
        }
        for (Journal.Entry e : journal.readNew()) {
            List<SimSession> sessions = servers.get(e.server());
            if (sessions == null || e.at().isBefore(scenario.start())) {
                continue;
            }
            synchronized (sessions) {
                for (SimSession s : sessions) {
                    if (s.spec.id() == e.sessionId() && s.exists(e.at())) {
                        s.received(e.action(), e.at());
                    }
                }
            }
        }
    }

    /** The messages sent so far, as {@code server#id: title: text}, for tests and the demo. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    private List<SimSession> sessionsOf(ServerName server) {
        List<SimSession> sessions = servers.get(server);
        if (sessions == null) {
            throw new SessionHostException(server, "no such server in the scenario " + scenario.file()
                    + " (it has " + servers.keySet() + ")");
        }
        return sessions;
    }

    private SimSession find(ServerName server, int id, Instant now) {
        // No catch-up here: journal() caught up just before appending this action, which must not
        // be read back before it is applied.
        List<SimSession> sessions = sessionsOf(server);
        synchronized (sessions) {
            for (SimSession s : sessions) {
                s.advanceTo(now);
                if (s.spec.id() == id && s.exists(now)) {
                    return s;
                }
            }
        }
        throw new SessionHostException(server, "no session " + id + " (ERROR_FILE_NOT_FOUND, 2)");
    }
}
