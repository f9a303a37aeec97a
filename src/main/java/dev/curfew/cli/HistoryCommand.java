package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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
        try (Curfew curfew = root.open()) {
            ZoneId zone = curfew.config().policy().zone();
            Clock clock = curfew.clock();
            HistoryFilter filter = new HistoryFilter(Times.parse("--since", since, clock, zone),
                    Times.parse("--until", until, clock, zone), server, user,
                    action == null ? null : parse("--action", () -> ActionType.parse(action)), rule,
                    outcome == null ? null : parse("--outcome", () -> Outcome.parse(outcome)), Math.max(0, limit));
            List<HistoryEntry> entries = curfew.history().query(filter);
            Rows rows = new Rows(List.of("at", "server", "sessionId", "user", "domain", "client", "station", "action",
                    "rule", "reason", "source", "whatIf", "idleSeconds", "outcome", "error", "finishedAt", "node"));
            for (HistoryEntry e : entries) {
                rows.add(time(e.at(), zone), e.server(), e.sessionId(), e.user(), e.domain(), e.client(), e.station(),
                        e.action().label(), e.rule(), e.reason(), e.source().label(), e.whatIf(), e.idleSeconds(),
                        e.outcome().label(), e.error(), e.finishedAt() == null ? null : time(e.finishedAt(), zone),
                        e.node());
            }
            if (format == Format.TABLE) {
                Rows table = new Rows(List.of("at", "server", "id", "user", "action", "rule", "reason", "outcome"));
                rows.forEachRow(r -> table.add(r.get("at"), r.get("server"), r.get("sessionId"), r.get("user"),
                        r.get("action") + (Boolean.TRUE.equals(r.get("whatIf")) ? " (what-if)" : ""), r.get("rule"),
                        r.get("reason"), r.get("outcome") + (r.get("error") == null ? "" : ": " + r.get("error"))));
                table.print(Format.TABLE, spec.commandLine().getOut(),
                        List.of("TIME", "SERVER", "ID", "USER", "ACTION", "RULE", "REASON", "OUTCOME"));
            } else {
                rows.print(format, spec.commandLine().getOut(), null);
            }
            return Main.DONE;
        }
    }

    private String time(Instant at, ZoneId zone) {
        return format == Format.TABLE ? TABLE_TIME.format(at.atZone(zone)) : ReportCommand.iso(at, zone);
    }

    private static <T> T parse(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
