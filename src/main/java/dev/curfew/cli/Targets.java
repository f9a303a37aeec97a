package dev.curfew.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curfew.session.ServerName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The sessions a command acts on, grouped by server. Read from {@code --session-id} lists or from
 * standard input: plain ids (one or more per line, comma separated) or JSON lines with
 * {@code server} and {@code sessionId}, as {@code curfew sessions --format json} prints them.
 */
final class Targets {
    private final Map<ServerName, Set<Integer>> byServer = new LinkedHashMap<>();

    void add(ServerName server, int id) {
        byServer.computeIfAbsent(server, s -> new LinkedHashSet<>()).add(id);
    }

    Map<ServerName, Set<Integer>> byServer() {
        return byServer;
    }

    boolean isEmpty() {
        return byServer.isEmpty();
    }

    /** Reads targets from standard input; {@code fallback} is the server of lines that name none. */
    static Targets read(BufferedReader in, Supplier<List<ServerName>> fallback) {
        Targets targets = new Targets();
        ObjectMapper json = new ObjectMapper();
        int lineNo = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.startsWith("{")) {
                    readJson(targets, json, t, lineNo, fallback);
                } else {
                    for (String part : t.split("[,\\s]+")) {
                        int id = id(part, "standard input line " + lineNo);
                        fallback.get().forEach(s -> targets.add(s, id));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (targets.isEmpty()) {
            throw new UsageException("-: no session ids on standard input");
        }
        return targets;
    }

    private static void readJson(Targets targets, ObjectMapper json, String text, int lineNo,
            Supplier<List<ServerName>> fallback) {
        String where = "standard input line " + lineNo;
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException(where + ": not a JSON object: " + e.getOriginalMessage());
        }
        JsonNode id = node.get("sessionId");
        if (id == null || !id.canConvertToInt() || id.asInt() < 0) {
            throw new UsageException(where + ": a JSON line needs \"sessionId\" (a session number)");
        }
        JsonNode server = node.get("server");
        if (server != null && !server.isNull()) {
            try {
                targets.add(ServerName.of(server.asText()), id.asInt());
            } catch (IllegalArgumentException e) {
                throw new UsageException(where + ": server: " + e.getMessage());
            }
        } else {
            fallback.get().forEach(s -> targets.add(s, id.asInt()));
        }
    }

    /** Parses a session id; the error names where it came from. */
    static int id(String text, String where) {
        try {
            int id = Integer.parseInt(text.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(where + ": \"" + text + "\" is not a session id (a number like 3)");
    }

    /**
     * Reads {@code --session-id} values as the command line is parsed, so that a wrong one is named
     * before anything after it in the command line, and before the servers are asked.
     */
    static final class SessionId implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return id(text, "--session-id");
        }
    }

    /** Reads {@code --server} values as the command line is parsed, as {@link SessionId} does. */
    static final class Server implements CommandLine.ITypeConverter<ServerName> {
        @Override
        public ServerName convert(String text) {
            try {
                return ServerName.of(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--server: " + e.getMessage());
            }
        }
    }
}
