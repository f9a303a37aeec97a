package dev.curfew.session.sim;

import dev.curfew.config.ConfigException;
import dev.curfew.config.YamlNode;
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
import java.util.Set;

/**
 * Reads scenario files. Every mistake is one {@link ConfigException} naming the file, the line and
 * the key: {@code demo.yaml:21: servers[0].sessions[2].events[1].do: unknown event "nap" (use input, ...)}.
 */
public final class ScenarioReader {
    private static final String EVENTS = "input, busy, disconnect, reconnect, logoff";

    private ScenarioReader() {
    }

    public static Scenario read(Path file) {
        return read(YamlNode.read(file));
    }

    static Scenario read(YamlNode root) {
        if (root.isMissing()) {
            throw root.error("the scenario is empty");
        }
        root.allowOnly("zone", "start", "end", "servers");
        ZoneId zone = root.get("zone").as(ZoneId::of, ZoneId.systemDefault());
        Instant start = required(root.get("start"), zone);
        Instant end = required(root.get("end"), zone);
        if (!end.isAfter(start)) {
            throw root.get("end").error("must be after start");
        }
        Range range = new Range(start, end);
        List<Scenario.Server> servers = new ArrayList<>();
        Set<ServerName> names = new HashSet<>();
        for (YamlNode s : root.get("servers").items()) {
            s.allowOnly("name", "sessions");
            ServerName name = s.get("name").as(ServerName::of, null);
            if (name == null) {
                throw s.get("name").error("every server needs a name");
            }
            if (!names.add(name)) {
                throw s.get("name").error("duplicate server \"" + name + "\"");
            }
            servers.add(new Scenario.Server(name, sessions(s.get("sessions"), zone, range)));
        }
        if (servers.isEmpty()) {
            throw root.get("servers").error("the scenario needs at least one server");
        }
        return new Scenario(root.file(), zone, start, end, servers);
    }

    private record Range(Instant start, Instant end) {
        boolean contains(Instant i) {
            return !i.isBefore(start) && !i.isAfter(end);
        }
    }

    private static List<Scenario.SessionSpec> sessions(YamlNode list, ZoneId zone, Range range) {
        List<Scenario.SessionSpec> out = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (YamlNode n : list.items()) {
            n.allowOnly("id", "state", "user", "domain", "station", "client", "address", "logon", "lastInput",
                    "disconnected", "console", "self", "events");
            int id = n.get("id").integer(-1, 0, Integer.MAX_VALUE);
            if (id < 0) {
                throw n.get("id").error("every session needs an id");
            }
            if (!ids.add(id)) {
                throw n.get("id").error("duplicate session id " + id + " on this server");
            }
            SessionState state = n.get("state").as(ScenarioReader::state, SessionState.ACTIVE);
            Instant logon = optional(n.get("logon"), zone);
            if (logon != null && logon.isAfter(range.end)) {
                throw n.get("logon").error("is after the scenario's end");
            }
            Instant lastInput = optional(n.get("lastInput"), zone);
            Instant disconnected = optional(n.get("disconnected"), zone);
            out.add(new Scenario.SessionSpec(id, state, n.get("user").text(""), n.get("domain").text(""),
                    n.get("station").text(""), n.get("client").text(""), n.get("address").text(""),
                    logon == null ? range.start : logon, lastInput, disconnected,
                    n.get("console").bool(false), n.get("self").bool(false), events(n.get("events"), zone, range)));
        }
        return out;
    }

    private static List<Scenario.Event> events(YamlNode list, ZoneId zone, Range range) {
        List<Scenario.Event> out = new ArrayList<>();
        for (YamlNode e : list.items()) {
            e.allowOnly("at", "do", "until");
            Instant at = required(e.get("at"), zone);
            if (!range.contains(at)) {
                throw e.get("at").error("\"" + e.get("at").text().trim() + "\" is outside the scenario ("
                        + local(range.start, zone) + " to " + local(range.end, zone) + ")");
            }
            String what = e.get("do").text();
            if (what == null) {
                throw e.get("do").error("every event needs do: (" + EVENTS + ")");
            }
            Scenario.EventKind kind = switch (what.trim().toLowerCase(Locale.ROOT)) {
                case "input" -> Scenario.EventKind.INPUT;
                case "busy" -> Scenario.EventKind.BUSY;
                case "disconnect" -> Scenario.EventKind.DISCONNECT;
                case "reconnect" -> Scenario.EventKind.RECONNECT;
                case "logoff" -> Scenario.EventKind.LOGOFF;
                default -> throw e.get("do").error("unknown event \"" + what + "\" (use " + EVENTS + ")");
            };
            Instant until = optional(e.get("until"), zone);
            if (kind == Scenario.EventKind.BUSY) {
                if (until == null) {
                    throw e.get("until").error("busy needs until: (a date-time)");
                }
                if (until.isBefore(at)) {
                    throw e.get("until").error("is before the event's at");
                }
            } else if (until != null) {
                throw e.get("until").error("only busy takes until");
            }
            if (!out.isEmpty() && at.isBefore(out.get(out.size() - 1).at())) {
                throw e.get("at").error("events must be in time order");
            }
            out.add(new Scenario.Event(at, kind, until));
        }
        return out;
    }

    private static String local(Instant i, ZoneId zone) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(i.atZone(zone));
    }

    private static SessionState state(String text) {
        SessionState s = SessionState.fromName(text);
        if (s == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a session state (use Active, Connected, "
                    + "Disconnected, Listen, Idle, Down, Init, Reset, Shadow, ConnectQuery)");
        }
        return s;
    }

    private static Instant required(YamlNode n, ZoneId zone) {
        Instant i = optional(n, zone);
        if (i == null) {
            throw n.error("is required (a local date-time like 2026-11-23T07:30:00)");
        }
        return i;
    }

    private static Instant optional(YamlNode n, ZoneId zone) {
        String t = n.text();
        if (t == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(t.trim()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw n.error("\"" + t + "\" is not a local date-time (use 2026-11-23T07:30:00)");
        }
    }

    /** Fails with the file's name when a scenario cannot be used. */
    static ConfigException unusable(String file, String why) {
        return new ConfigException(file + ": " + why);
    }
}
