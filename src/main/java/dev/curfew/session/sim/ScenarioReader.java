package dev.curfew.session.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.curfew.config.ConfigException;
import dev.curfew.config.TextValue;
import dev.curfew.config.Yaml;
import dev.curfew.session.LogonHours;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads scenario files (format in docs/DESIGN.md). Every mistake is one {@link ConfigException}
 * naming the file, the line and the key:
 * {@code demo.yaml:21: servers[0].sessions[2].events[1].do: unknown event "nap" (use input, ...)}.
 */
public final class ScenarioReader {
    private static final String EVENTS = "input, busy, disconnect, reconnect, logoff, start, stop, cpu";
    /** The process a {@code cpu} event's time is used by when it names none. */
    static final String CPU_PROGRAM = "busy.exe";

    private final Yaml yaml = new Yaml(values());
    private final String name;
    private final String text;

    private ScenarioReader(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public static Scenario read(Path file) {
        return read(file.toString(), Yaml.text(file));
    }

    /** Reads scenario text whose errors name {@code name}. */
    static Scenario read(String name, String text) {
        return new ScenarioReader(name, text).scenario();
    }

    /** The file as written: local times, in the file's zone. */
    record Day(ZoneId zone, LocalDateTime start, LocalDateTime end, List<ServerDay> servers) {
    }

    record ServerDay(ServerName name, List<SessionDay> sessions) {
    }

    record SessionDay(Integer id, SessionState state, String user, String domain, String station, String client,
            String address, LocalDateTime logon, LocalDateTime lastInput, LocalDateTime disconnected, Boolean console,
            Boolean self, List<String> groups, List<EventDay> events, List<String> programs,
            List<dev.curfew.session.Answer> answers, LogonHours logonHours) {
    }

    record EventDay(LocalDateTime at, @JsonProperty("do") Scenario.EventKind what, LocalDateTime until,
            String program, java.time.Duration rate) {
    }

    private Scenario scenario() {
        Day day = yaml.read(name, text, Day.class);
        if (day == null) {
            throw new ConfigException(name + ": the scenario is empty");
        }
        ZoneId zone = day.zone() == null ? ZoneId.systemDefault() : day.zone();
        Instant start = instant(required(day.start(), "start"), zone);
        Instant end = instant(required(day.end(), "end"), zone);
        if (!end.isAfter(start)) {
            throw error("end", "must be after start");
        }
        Range range = new Range(start, end, zone);
        List<Scenario.Server> servers = new ArrayList<>();
        Set<ServerName> names = new HashSet<>();
        for (ServerDay s : list(day.servers())) {
            String at = "servers[" + servers.size() + "]";
            if (s.name() == null) {
                throw error(at + ".name", "every server needs a name");
            }
            if (!names.add(s.name())) {
                throw error(at + ".name", "duplicate server \"" + s.name() + "\"");
            }
            servers.add(new Scenario.Server(s.name(), sessions(s.sessions(), at + ".sessions", range)));
        }
        if (servers.isEmpty()) {
            throw error("servers", "the scenario needs at least one server");
        }
        return new Scenario(name, zone, start, end, servers);
    }

    private record Range(Instant start, Instant end, ZoneId zone) {
        boolean contains(Instant i) {
            return !i.isBefore(start) && !i.isAfter(end);
        }
    }

    private List<Scenario.SessionSpec> sessions(List<SessionDay> list, String path, Range range) {
        List<Scenario.SessionSpec> out = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (SessionDay n : list(list)) {
            String at = path + "[" + out.size() + "]";
            if (n.id() == null) {
                throw error(at + ".id", "every session needs an id");
            }
            if (n.id() < 0) {
                throw error(at + ".id", n.id() + " is out of range (0 to " + Integer.MAX_VALUE + ")");
            }
            if (!ids.add(n.id())) {
                throw error(at + ".id", "duplicate session id " + n.id() + " on this server");
            }
            Instant logon = instant(n.logon(), range.zone());
            if (logon != null && logon.isAfter(range.end())) {
                throw error(at + ".logon", "is after the scenario's end");
            }
            out.add(new Scenario.SessionSpec(n.id(), Objects.requireNonNullElse(n.state(), SessionState.ACTIVE),
                    text(n.user()), text(n.domain()), text(n.station()), text(n.client()), text(n.address()),
                    logon == null ? range.start() : logon, instant(n.lastInput(), range.zone()),
                    instant(n.disconnected(), range.zone()), Boolean.TRUE.equals(n.console()),
                    Boolean.TRUE.equals(n.self()), n.groups(), events(n.events(), at + ".events", range),
                    n.programs(), n.answers(), n.logonHours()));
        }
        return out;
    }

    private List<Scenario.Event> events(List<EventDay> list, String path, Range range) {
        List<Scenario.Event> out = new ArrayList<>();
        for (EventDay e : list(list)) {
            String at = path + "[" + out.size() + "]";
            Instant when = instant(required(e.at(), at + ".at"), range.zone());
            if (!range.contains(when)) {
                throw error(at + ".at", "\"" + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(e.at()) + "\" is outside the scenario (" + local(range.start(), range.zone())
                        + " to " + local(range.end(), range.zone()) + ")");
            }
            if (e.what() == null) {
                throw error(at + ".do", "every event needs do: (" + EVENTS + ")");
            }
            Instant until = instant(e.until(), range.zone());
            Scenario.EventKind kind = e.what();
            if (kind == Scenario.EventKind.BUSY || kind == Scenario.EventKind.CPU) {
                if (until == null) {
                    throw error(at + ".until", kind.name().toLowerCase(Locale.ROOT) + " needs until: (a date-time)");
                }
                if (until.isBefore(when)) {
                    throw error(at + ".until", "is before the event's at");
                }
            } else if (until != null) {
                throw error(at + ".until", "only busy and cpu take until");
            }
            boolean named = kind == Scenario.EventKind.START || kind == Scenario.EventKind.STOP;
            if (named && (e.program() == null || e.program().isBlank())) {
                throw error(at + ".program", kind.name().toLowerCase(Locale.ROOT) + " needs program: (like Teams.exe)");
            }
            if (!named && kind != Scenario.EventKind.CPU && e.program() != null) {
                throw error(at + ".program", "only start, stop and cpu take program");
            }
            if (kind == Scenario.EventKind.CPU && (e.rate() == null || e.rate().isZero())) {
                throw error(at + ".rate", "cpu needs rate: the CPU time used a minute (like 30s)");
            }
            if (kind != Scenario.EventKind.CPU && e.rate() != null) {
                throw error(at + ".rate", "only cpu takes rate");
            }
            if (!out.isEmpty() && when.isBefore(out.get(out.size() - 1).at())) {
                throw error(at + ".at", "events must be in time order");
            }
            String program = kind == Scenario.EventKind.CPU && e.program() == null ? CPU_PROGRAM : e.program();
            out.add(new Scenario.Event(when, kind, until, program, e.rate()));
        }
        return out;
    }

    private ConfigException error(String path, String message) {
        return yaml.error(name, text, path, message);
    }

    private LocalDateTime required(LocalDateTime t, String path) {
        if (t == null) {
            throw error(path, "is required (a local date-time like 2026-11-23T07:30:00)");
        }
        return t;
    }

    private static Instant instant(LocalDateTime t, ZoneId zone) {
        return t == null ? null : t.atZone(zone).toInstant();
    }

    private static String local(Instant i, ZoneId zone) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(i.atZone(zone));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static SimpleModule values() {
        SimpleModule m = new SimpleModule("scenario");
        m.addDeserializer(ZoneId.class, TextValue.of(ZoneId.class, ZoneId::of));
        m.addDeserializer(LocalDateTime.class, TextValue.of(LocalDateTime.class, ScenarioReader::localDateTime));
        m.addDeserializer(ServerName.class, TextValue.of(ServerName.class, ServerName::of));
        m.addDeserializer(SessionState.class, TextValue.of(SessionState.class, ScenarioReader::state));
        m.addDeserializer(Scenario.EventKind.class, TextValue.of(Scenario.EventKind.class, ScenarioReader::event));
        m.addDeserializer(Integer.class, TextValue.of(Integer.class, TextValue::integer));
        m.addDeserializer(Boolean.class, TextValue.of(Boolean.class, TextValue::bool));
        m.addDeserializer(java.time.Duration.class, TextValue.of(java.time.Duration.class,
                dev.curfew.config.Durations::positive));
        m.addDeserializer(dev.curfew.session.Answer.class, TextValue.of(dev.curfew.session.Answer.class,
                ScenarioReader::answer));
        m.addDeserializer(LogonHours.class, TextValue.of(LogonHours.class, LogonHours::parse));
        return m;
    }

    private static LocalDateTime localDateTime(String t) {
        try {
            return LocalDateTime.parse(t.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + t + "\" is not a local date-time (use 2026-11-23T07:30:00)");
        }
    }

    private static SessionState state(String text) {
        SessionState s = SessionState.fromName(text);
        if (s == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a session state (use Active, Connected, "
                    + "Disconnected, Listen, Idle, Down, Init, Reset, Shadow, ConnectQuery)");
        }
        return s;
    }

    private static dev.curfew.session.Answer answer(String text) {
        for (dev.curfew.session.Answer a : dev.curfew.session.Answer.values()) {
            if (a.label().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an answer (use yes, no or timeout)");
    }

    private static Scenario.EventKind event(String what) {
        try {
            return Scenario.EventKind.valueOf(what.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event \"" + what + "\" (use " + EVENTS + ")");
        }
    }
}
