package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHostException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code disconnect} and {@code logoff} share, after {@code Disconnect-WmsSession} and
 * {@code Close-WmsSession}: targets by id, {@code --all} or standard input, {@code --what-if},
 * {@code --confirm}, and never the session curfew itself runs in.
 */
abstract class SessionActionCommand implements Callable<Integer> {
    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--session-id", split = ",", paramLabel = "N", converter = Targets.SessionId.class,
            description = "Session ids, comma separated (3 or 3,5,9).")
    List<Integer> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every user session on the servers (not the services session or listeners).")
    boolean all;

    @Parameters(arity = "0..1", paramLabel = "-",
            description = "Read targets from standard input: ids, or JSON lines with server and sessionId.")
    String stdin;

    @Option(names = {"--server", "--computer-name"}, paramLabel = "S", converter = Targets.Server.class,
            description = "Server (repeatable). Default: localhost, or the simulated server when there is only one.")
    List<ServerName> servers = new ArrayList<>();

    @Option(names = "--what-if", description = "Print what would be done; change nothing.")
    boolean whatIf;

    @Option(names = "--confirm", description = "Ask before each session (needs a terminal).")
    boolean confirm;

    abstract ActionType action();

    @Override
    public Integer call() {
        int ways = (ids.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (stdin == null ? 0 : 1);
        if (ways != 1) {
            throw new UsageException("give exactly one of --session-id N[,N...], --all, or - (targets on standard input)");
        }
        if (stdin != null && !stdin.equals("-")) {
            throw new UsageException("unexpected argument \"" + stdin + "\" (use - to read targets from standard input)");
        }
        if (confirm && root.io().terminal() == null) {
            throw new UsageException("--confirm needs a terminal to ask on; preview with --what-if instead");
        }
        try (Curfew curfew = root.open()) {
            if (stdin != null) {
                return run(curfew, Targets.read(root.io().in(), () -> defaultServers(curfew)));
            }
            List<ServerName> defaults = defaultServers(curfew);
            if (all) {
                return run(curfew, allOn(defaults));
            }
            Targets targets = new Targets();
            for (int id : ids) {
                defaults.forEach(s -> targets.add(s, id));
            }
            return run(curfew, targets);
        }
    }

    private Targets allOn(List<ServerName> serverNames) {
        Targets t = new Targets();
        serverNames.forEach(s -> t.byServer().put(s, Set.of()));
        return t;
    }

    private List<ServerName> defaultServers(Curfew curfew) {
        if (!servers.isEmpty()) {
            return servers;
        }
        List<ServerName> hostDefaults = curfew.host().defaultServers();
        if (hostDefaults.size() == 1) {
            return hostDefaults;
        }
        throw new UsageException("the " + curfew.host().kind() + " host has several servers " + hostDefaults
                + ": name one with --server");
    }

    private int run(Curfew curfew, Targets targets) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ActionRunner runner = curfew.runner();
        int failed = 0;
        for (Map.Entry<ServerName, Set<Integer>> entry : targets.byServer().entrySet()) {
            ServerName server = entry.getKey();
            List<Session> sessions;
            try {
                sessions = curfew.host().list(server);
            } catch (SessionHostException e) {
                err.println("curfew: " + e.getMessage());
                failed += Math.max(1, entry.getValue().size());
                continue;
            }
            List<Session> chosen = new ArrayList<>();
            if (all) {
                for (Session s : sessions) {
                    Protection.Reason protectedBy = Protection.of(s, false);
                    if (protectedBy != null && protectedBy.userSession()) {
                        err.println("curfew: " + server + ": skipping " + named(s) + ": " + protectedBy.sentence(s));
                    } else if (protectedBy == null && applies(s)) {
                        chosen.add(s);
                    }
                }
            } else {
                for (int id : entry.getValue()) {
                    Session s = sessions.stream().filter(x -> x.id() == id).findFirst().orElse(null);
                    String refusal = s == null ? "no session " + id : refusal(s);
                    if (refusal != null) {
                        err.println("curfew: " + server + ": " + refusal);
                        failed++;
                    } else {
                        chosen.add(s);
                    }
                }
            }
            for (Session s : chosen) {
                failed += act(runner, s, out, err) ? 0 : 1;
            }
        }
        return failed == 0 ? Main.DONE : Main.SOME_FAILED;
    }

    /** True when the action means something for a session in this state ({@code --all} skips the others). */
    boolean applies(Session s) {
        return action() != ActionType.DISCONNECT || s.state().isConnected();
    }

    /** Why the command will not act on {@code s}, or null; an administrator's command may end the console session. */
    private String refusal(Session s) {
        Protection.Reason r = Protection.of(s, false);
        return r == null ? null : "refusing to " + action().label() + " " + named(s) + ": " + r.sentence(s);
    }

    private boolean act(ActionRunner runner, Session s, PrintWriter out, PrintWriter err) {
        String target = "session " + s.id() + " " + who(s) + "on " + s.server();
        if (whatIf) {
            out.println("What if: " + ActionRunner.verb(action()) + " " + target + ".");
            runner.runCommand(s, action(), reason(), null, null, true);
            return true;
        }
        if (confirm) {
            String answer = root.io().terminal().ask(capitalized(action().label()) + " " + target + "? [y/N] ");
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                out.println("Skipped " + target + ".");
                return true;
            }
        }
        ActionResult r = runner.runCommand(s, action(), reason(), null, null, false);
        if (r.outcome() == Outcome.DONE) {
            out.println(done() + " " + target + ".");
            return true;
        }
        err.println("curfew: " + s.server() + ": " + action().label() + " session " + s.id() + " failed: " + r.error());
        return false;
    }

    private String reason() {
        return "curfew " + spec.name() + " by " + System.getProperty("user.name", "?");
    }

    abstract String done();

    /** {@code session 3 (SCHOOL\alice)}, or {@code session 3} without a user. */
    static String named(Session s) {
        return ("session " + s.id() + " " + who(s)).strip();
    }

    static String who(Session s) {
        return s.account().isEmpty() ? "" : "(" + s.account() + ") ";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
