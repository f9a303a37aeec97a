package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.action.ActionResult;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew message}: sends a message box to sessions, like {@code Send-WmsMessage}. */
@Command(name = "message", mixinStandardHelpOptions = true,
        description = {"Sends a message to sessions without waiting for an answer.",
            "Recorded in the history. Example:",
            "  curfew message --session-id 3 --server ms01 --text \"Class ends in 5 minutes\""})
final class MessageCommand implements Callable<Integer> {
    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--session-id", split = ",", paramLabel = "N", required = true, converter = Targets.SessionId.class,
            description = "Session ids (3 or 3,5,9).")
    List<Integer> ids = new ArrayList<>();

    @Option(names = "--text", paramLabel = "T", required = true, description = "The message.")
    String text;

    @Option(names = "--title", paramLabel = "T", defaultValue = "Message from your administrator",
            description = "The title of the message box (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = {"--server", "--computer-name"}, paramLabel = "S", converter = Targets.Server.class,
            description = "Server (repeatable). Default: localhost, or the simulated server when there is only one.")
    List<ServerName> servers = new ArrayList<>();

    @Option(names = "--what-if", description = "Print what would be sent; send nothing.")
    boolean whatIf;

    @Override
    public Integer call() {
        if (text.isBlank()) {
            throw new UsageException("--text: the message is empty");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Curfew curfew = root.open()) {
            List<ServerName> targets = servers.isEmpty() ? curfew.host().defaultServers() : servers;
            if (servers.isEmpty() && targets.size() != 1) {
                throw new UsageException("the " + curfew.host().kind() + " host has several servers " + targets
                        + ": name one with --server");
            }
            int failed = 0;
            for (ServerName server : targets) {
                List<Session> sessions;
                try {
                    sessions = curfew.host().list(server);
                } catch (SessionHostException e) {
                    err.println("curfew: " + e.getMessage());
                    failed += ids.size();
                    continue;
                }
                for (int id : ids) {
                    Session s = sessions.stream().filter(x -> x.id() == id).findFirst().orElse(null);
                    if (s == null) {
                        err.println("curfew: " + server + ": no session " + id);
                        failed++;
                        continue;
                    }
                    String target = "session " + id + " " + SessionActionCommand.who(s) + "on " + server;
                    ActionResult r = curfew.runner().runCommand(s, ActionType.WARN, "message: " + text, title, text, whatIf);
                    if (whatIf) {
                        out.println("What if: Sending a message to " + target + ".");
                    } else if (r.outcome() == Outcome.DONE) {
                        out.println("Sent the message to " + target + ".");
                    } else {
                        err.println("curfew: " + server + ": message to session " + id + " failed: " + r.error());
                        failed++;
                    }
                }
            }
            return failed == 0 ? Main.DONE : Main.SOME_FAILED;
        }
    }
}
