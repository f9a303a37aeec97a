package dev.curfew.session.sim;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Clock;
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

    /** The mutable state of one simulated session; guarded by its server's list. */
    private static final class SimSession {
        private final Scenario.SessionSpec spec;
        private int next;
        private SessionState state;
        private Instant connect;
        private Instant disconnect;
        private Instant lastInput;
        private Instant busyUntil;
        private boolean gone;

        SimSession(Scenario.SessionSpec spec) {
            this.spec = spec;
            this.state = spec.state();
            this.connect = spec.state().isConnected() ? spec.logon() : null;
            boolean startsDisconnected = spec.state() == SessionState.DISCONNECTED;
            this.disconnect = spec.disconnected() != null ? spec.disconnected() : startsDisconnected ? spec.logon() : null;
            this.lastInput = spec.lastInput() != null ? spec.lastInput() : spec.logon();
        }

        boolean exists(Instant now) {
            return !gone && !spec.logon().isAfter(now);
        }

        void advanceTo(Instant now) {
            while (next < spec.events().size() && !spec.events().get(next).at().isAfter(now)) {
                apply(spec.events().get(next++));
            }
        }

        private void apply(Scenario.Event e) {
            if (gone) {
                return;
            }
            switch (e.kind()) {
                case INPUT -> {
                    if (state.isConnected()) {
                        settleBusy(e.at());
                        lastInput = later(lastInput, e.at());
                    }
                }
                case BUSY -> {
                    if (state.isConnected()) {
                        settleBusy(e.at());
                        lastInput = later(lastInput, e.at());
                        busyUntil = e.until();
                    }
                }
                case DISCONNECT -> {
                    if (state.isConnected()) {
                        disconnectAt(e.at());
                    }
                }
                case RECONNECT -> {
                    state = SessionState.ACTIVE;
                    connect = e.at();
                    lastInput = e.at();
                    busyUntil = null;
                }
                case LOGOFF -> gone = true;
            }
        }

        void disconnectAt(Instant at) {
            settleBusy(at);
            state = SessionState.DISCONNECTED;
            disconnect = at;
        }

        void logoffAt(Instant at) {
            settleBusy(at);
            gone = true;
        }

        /** An action another daemon sent (or this one, already applied): applied once, at its instant. */
        void received(String action, Instant at) {
            advanceTo(at);
            if (action.equals("disconnect") && state.isConnected()) {
                disconnectAt(at);
            } else if (action.equals("logoff")) {
                logoffAt(at);
            }
        }

        private void settleBusy(Instant at) {
            if (busyUntil != null) {
                lastInput = later(lastInput, busyUntil.isBefore(at) ? busyUntil : at);
                busyUntil = null;
            }
        }

        Session snapshot(ServerName server, Instant now) {
            Instant input = lastInput;
            if (busyUntil != null && state.isConnected()) {
                input = later(input, busyUntil.isBefore(now) ? busyUntil : now);
            }
            boolean hasUser = !spec.user().isEmpty();
            Session s = Session.builder(server, spec.id(), state)
                    .user(spec.user())
                    .domain(spec.domain())
                    .station(spec.station())
                    .clientName(state.isConnected() ? spec.client() : "")
                    .clientAddress(state.isConnected() ? spec.address() : "")
                    .logon(hasUser ? spec.logon() : null)
                    .connect(hasUser ? connect : null)
                    .disconnect(hasUser ? disconnect : null)
                    .lastInput(hasUser ? input : null)
                    .observedAt(now)
                    .console(spec.console())
                    .self(spec.self())
                    .build();
            if (hasUser) {
                s = s.withLogonHours(spec.logonHours());
            }
            if (spec.groups() == null || !hasUser) {
                return s;
            }
            // Named as the directory names them: with the session's domain.
            return s.withGroups(spec.groups().stream().map(g -> g.indexOf('\\') >= 0 || spec.domain().isEmpty() ? g
                    : spec.domain() + "\\" + g).toList(), true);
        }

        private static Instant later(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }
    }
}
