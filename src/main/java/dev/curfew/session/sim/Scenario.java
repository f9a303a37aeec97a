package dev.curfew.session.sim;

import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A day on one or more simulated servers, as read from a scenario file (format in DESIGN.md).
 * Instants are absolute; {@link #shiftedBy} moves the whole day, as the daemon does to start the
 * demo "now".
 */
public record Scenario(String file, ZoneId zone, Instant start, Instant end, List<Server> servers) {

    public Scenario {
        servers = List.copyOf(servers);
    }

    /** One simulated server and the sessions it will have. */
    public record Server(ServerName name, List<SessionSpec> sessions) {
        public Server {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * A session as the scenario describes it: its state at logon and the events that follow.
     *
     * @param groups the user's groups, as a directory would give them; null when the scenario says
     *     none (unknown, as a user the directory never answered for)
     * @param programs the programs running from logon ({@code explorer.exe})
     * @param answers what the user answers the Yes/No questions asked, one after another; a question
     *     after the last gets no answer (time-out)
     * @param logonHours the user's logon hours, as the directory's {@code logonHours}; null for none
     */
    public record SessionSpec(
            int id,
            SessionState state,
            String user,
            String domain,
            String station,
            String client,
            String address,
            Instant logon,
            Instant lastInput,
            Instant disconnected,
            boolean console,
            boolean self,
            List<String> groups,
            List<Event> events,
            List<String> programs,
            List<dev.curfew.session.Answer> answers,
            dev.curfew.session.LogonHours logonHours) {
        public SessionSpec {
            events = List.copyOf(events);
            groups = groups == null ? null : List.copyOf(groups);
            programs = programs == null ? List.of() : List.copyOf(programs);
            answers = answers == null ? List.of() : List.copyOf(answers);
        }

        SessionSpec shiftedBy(Duration d) {
            return new SessionSpec(id, state, user, domain, station, client, address, plus(logon, d),
                    plus(lastInput, d), plus(disconnected, d), console, self, groups,
                    events.stream().map(e -> e.shiftedBy(d)).toList(), programs, answers, logonHours);
        }
    }

    /** What happens to a session at an instant. */
    public enum EventKind { INPUT, BUSY, DISCONNECT, RECONNECT, LOGOFF, START, STOP, CPU }

    /**
     * One event; {@code until} is set for {@code busy} and {@code cpu} only, {@code program} for
     * {@code start}, {@code stop} and {@code cpu} (the process using the CPU), {@code rate} for {@code cpu}
     * only: the CPU time used per minute.
     */
    public record Event(Instant at, EventKind kind, Instant until, String program, Duration rate) {
        public Event(Instant at, EventKind kind, Instant until) {
            this(at, kind, until, null, null);
        }

        Event shiftedBy(Duration d) {
            return new Event(plus(at, d), kind, plus(until, d), program, rate);
        }
    }

    /** The same scenario with every instant moved by {@code d}. */
    public Scenario shiftedBy(Duration d) {
        return new Scenario(file, zone, start.plus(d), end.plus(d), servers.stream()
                .map(s -> new Server(s.name(), s.sessions().stream().map(x -> x.shiftedBy(d)).toList()))
                .toList());
    }

    /** The same scenario moved so that it starts at {@code newStart}. */
    public Scenario startingAt(Instant newStart) {
        return shiftedBy(Duration.between(start, newStart));
    }

    private static Instant plus(Instant i, Duration d) {
        return i == null ? null : i.plus(d);
    }
}
