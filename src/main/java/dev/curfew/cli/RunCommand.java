package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.config.ConfigException;
import dev.curfew.history.HistoryException;
import dev.curfew.policy.RulesException;
import dev.curfew.windows.EventLog;
import dev.curfew.windows.ServiceRunner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew run}: the daemon, until Ctrl-C or SIGTERM, or as the Windows service until the SCM stops it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Starts the daemon: sweeps servers, acts as the rules decide.",
            "Reads config/curfew.yaml, compiles rules/*.drl, opens the history database,",
            "and sweeps each server every sweep.interval. Without WTS (any machine but",
            "Windows) it runs against the simulated server of host.scenario, so the demo",
            "works anywhere. Stop it with Ctrl-C or SIGTERM."},
        footer = {"", "With --service, a start that fails ends with the service-specific exit code (also this",
            "command's exit code): 2 bad configuration, 3 rules that do not compile, 4 history database",
            "locked or unreachable, 1 anything else."})
final class RunCommand implements Callable<Integer> {
    /** The service-specific exit codes of a start that failed under {@code --service}. */
    static final int START_FAILED = 1;
    static final int BAD_CONFIG = 2;
    static final int BAD_RULES = 3;
    static final int NO_HISTORY = 4;

    @ParentCommand
    CurfewCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--what-if", description = "Decide, log and record everything, but send nothing to any server.")
    boolean whatIf;

    @Option(names = "--service", description = "Run as the Windows service: what `curfew service install` has the"
            + " Service Control Manager start (log.eventLog: auto then writes the event log).")
    boolean service;

    @Override
    public Integer call() throws InterruptedException {
        if (service) {
            // The event log last: "curfew stopped" is one of its events.
            return ServiceRunner.run("curfew", () -> {
                Started started = start(true);
                return started.events() == null ? List.of(started.daemon())
                        : List.of(started.daemon(), started.events());
            }, this::failed);
        }
        Started started = start(false);
        Thread hook = new Thread(() -> {
            started.daemon().close();
            if (started.events() != null) {
                started.events().close();
            }
        }, "curfew-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        started.daemon().awaitStop();
        return Main.DONE;
    }

    /** The daemon and its event log (or null), started. */
    private record Started(Daemon daemon, EventLog events) {
    }

    /** Starts the daemon; a start that fails closes what it opened and says why in the event log. */
    private Started start(boolean asService) {
        var config = root.config();
        if (whatIf) {
            config = config.withPolicy(config.policy().withWhatIf(true));
        }
        EventLog events = EventLog.forDaemon(config, asService);
        Curfew curfew = new Curfew(config, root.rulesDir, java.time.Clock.systemUTC()).withEvents(events);
        try {
            return new Started(Daemon.start(curfew), events);
        } catch (RuntimeException e) {
            curfew.close();
            if (events != null) {
                events.startFailed(e.getMessage());
                events.close();
            }
            throw e;
        }
    }

    /** A service's failed start: its one line on standard error, and its service-specific code. */
    private int failed(Throwable e) {
        spec.commandLine().getErr().println("curfew: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("")));
        spec.commandLine().getErr().flush();
        if (e instanceof ConfigException || e instanceof UsageException) {
            return BAD_CONFIG;
        }
        if (e instanceof RulesException) {
            return BAD_RULES;
        }
        return e instanceof HistoryException ? NO_HISTORY : START_FAILED;
    }
}
