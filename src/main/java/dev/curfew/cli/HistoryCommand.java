package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryLockedException;
import dev.curfew.http.DaemonClient;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew history}: the recorded actions, filtered. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Lists the actions curfew recorded, oldest first.",
            "Warnings, disconnects and logoffs, with the rule that asked for each and its",
            "outcome."})
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", description = "From this time: 7d, 12h, 2026-11-23, 2026-11-23T08:00.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Before this time (same forms as --since).")
    String until;

    @Option(names = "--server", paramLabel = "S", description = "Only this server.")
    String server;

    @Option(names = "--user", paramLabel = "U", description = "Only this user.")
    String user;

    @Option(names = "--action", paramLabel = "warn|disconnect|logoff", description = "Only this action.")
    String action;

    @Option(names = "--rule", paramLabel = "R", description = "Only this rule, such as \"idle limit\".")
    String rule;

    @Option(names = "--outcome", paramLabel = "O", description = "Only this outcome: pending, done, failed, skipped, unknown.")
    String outcome;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Only the newest N rows, still oldest first (0: all).")
    int limit;

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        var config = root.config();
        ZoneId zone = config.policy().zone();
        try (Curfew curfew = root.open()) {
            HistoryFilter filter;
            try {
                filter = HistoryOutput.filter("--", since, until, server, user, action, rule, outcome, limit,
                        curfew.clock(), zone);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            List<HistoryEntry> entries;
            try {
                entries = curfew.history().query(filter);
            } catch (HistoryLockedException locked) {
                // The running daemon holds the embedded file: it answers with the same rows in the same form.
                spec.commandLine().getOut().print(DaemonClient.get(config, locked, "/api/history", params(filter)));
                spec.commandLine().getOut().flush();
                return Main.DONE;
            }
            HistoryOutput.print(entries, format.name(), zone, spec.commandLine().getOut());
            return Main.DONE;
        }
    }

    /** The options as this command read them (the times resolved: "7d" is this moment's). */
    private java.util.Map<String, String> params(HistoryFilter filter) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("since", filter.since() == null ? null : filter.since().toString());
        p.put("until", filter.until() == null ? null : filter.until().toString());
        p.put("server", server);
        p.put("user", user);
        p.put("action", action);
        p.put("rule", rule);
        p.put("outcome", outcome);
        p.put("limit", limit == 0 ? null : Integer.toString(limit));
        p.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        return p;
    }
}
