package dev.curfew.session.sim;

import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionProcess;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable state of one simulated session; guarded by its server's list. Its programs run from
 * logon, or from a {@code start} event to a {@code stop}, disconnected or not, until the logoff; each
 * is a process of its own with a fixed id. A {@code cpu} event has its program use CPU at its rate
 * until its end; that program's process stays until the logoff, with the time it used.
 */
final class SimSession {
    /** A span of CPU use by one program: {@code rate} of CPU time per minute from {@code from} to {@code until}. */
    private record Use(String program, Instant from, Instant until, Duration rate) {
        Duration usedBy(Instant now) {
            Instant end = now.isBefore(until) ? now : until;
            if (!end.isAfter(from)) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) (Duration.between(from, end).toNanos() * (rate.toNanos() / 60e9)));
        }
    }

    final Scenario.SessionSpec spec;
    /** The running programs, by name (any case), each with its process id. */
    private final Map<String, Integer> running = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<Use> uses = new ArrayList<>();
    private int processIds;
    private int answered;
    private Instant goneAt;
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
        spec.programs().forEach(this::start);
    }

    private void start(String program) {
        running.putIfAbsent(program, spec.id() * 1000 + 4 * ++processIds);
    }

    /** The session's processes at {@code now} (after {@link #advanceTo}): its programs and the CPU they used. */
    List<SessionProcess> processes(Instant now) {
        Instant end = goneAt != null && goneAt.isBefore(now) ? goneAt : now;
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (Use u : uses) {
            cpu.merge(u.program(), u.usedBy(end), Duration::plus);
        }
        List<SessionProcess> out = new ArrayList<>();
        for (Map.Entry<String, Integer> p : running.entrySet()) {
            out.add(new SessionProcess(spec.id(), p.getValue(), p.getKey(),
                    cpu.getOrDefault(p.getKey(), Duration.ZERO)));
        }
        return out;
    }

    /** The next of the scenario's answers to a Yes/No question; no answer once they are used up. */
    Answer answer() {
        return answered < spec.answers().size() ? spec.answers().get(answered++) : Answer.TIMEOUT;
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
            case LOGOFF -> logoffAt(e.at());
            case START -> start(e.program());
            case STOP -> running.remove(e.program());
            case CPU -> {
                start(e.program());
                uses.add(new Use(e.program(), e.at(), e.until(), e.rate()));
            }
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
        goneAt = at;
        running.clear();
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
