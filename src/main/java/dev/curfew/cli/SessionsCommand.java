package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.config.Durations;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew sessions}: lists sessions, like {@code Get-WmsSession}. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {
            "Lists the sessions on one or more servers, like Get-WmsSession.",
            "JSON prints one object per line (server, sessionId, state, user, domain,",
            "station, client, idleSeconds, ...), ready to pipe into 'curfew disconnect -'."})
final class SessionsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"--server", "--computer-name"}, paramLabel = "S", converter = Targets.Server.class,
            description = "Server to list (repeatable). Default: the configured servers, or localhost.")
    List<ServerName> servers = new ArrayList<>();

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        try (Curfew curfew = root.open()) {
            ZoneId zone = curfew.config().policy().zone();
            List<ServerName> targets = new ArrayList<>(servers);
            if (targets.isEmpty()) {
                curfew.servers().forEach(c -> targets.add(c.name()));
            }
            Rows rows = new Rows(List.of("server", "sessionId", "state", "user", "domain", "station", "client",
                    "clientAddress", "idleSeconds", "logonTime", "protected"));
            int failed = 0;
            PrintWriter err = spec.commandLine().getErr();
            for (ServerName server : targets) {
                try {
                    for (Session s : curfew.host().list(server)) {
                        Duration idle = s.idle();
                        rows.add(s.server().value(), s.id(), s.state().wtsName(), s.user(), s.domain(), s.station(),
                                s.clientName(), s.clientAddress(), idle == null ? null : idle.getSeconds(),
                                format == Format.TABLE ? time(s.logonTime(), zone) : iso(s.logonTime(), zone),
                                Protection.reasonFor(s, curfew.config().policy().protect().console()));
                    }
                } catch (SessionHostException e) {
                    failed++;
                    err.println("curfew: " + e.getMessage());
                }
            }
            if (format == Format.TABLE) {
                Rows table = new Rows(List.of("server", "id", "state", "user", "station", "client", "idle", "logon"));
                rows.forEachRow(r -> table.add(r.get("server"), r.get("sessionId"), r.get("state"),
                        account(r), r.get("station"), r.get("client"),
                        r.get("idleSeconds") == null ? "" : Durations.format(Duration.ofSeconds((Long) r.get("idleSeconds"))),
                        r.get("logonTime")));
                table.print(Format.TABLE, spec.commandLine().getOut(),
                        List.of("SERVER", "ID", "STATE", "USER", "STATION", "CLIENT", "IDLE", "LOGON"));
            } else {
                rows.print(format, spec.commandLine().getOut(), null);
            }
            return failed == 0 ? Main.DONE : Main.SOME_FAILED;
        }
    }

    private static String account(java.util.Map<String, Object> r) {
        String user = (String) r.get("user");
        String domain = (String) r.get("domain");
        return user.isEmpty() ? "" : domain.isEmpty() ? user : domain + "\\" + user;
    }

    private static String time(Instant i, ZoneId zone) {
        return i == null ? "" : TIME.format(i.atZone(zone));
    }

    private static String iso(Instant i, ZoneId zone) {
        return i == null ? null : ISO.format(i.atZone(zone));
    }
}
