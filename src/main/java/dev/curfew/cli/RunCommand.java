package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.StopRequest;
import dev.curfew.config.ConfigException;
import dev.curfew.config.CurfewConfig;
import dev.curfew.history.HistoryException;
import dev.curfew.policy.RulesException;
import dev.curfew.windows.EventLog;
import dev.curfew.windows.ServiceRunner;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
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
                Started started = start(true, new StopRequest());
                return started.events() == null ? List.of(started.daemon())
                        : List.of(started.daemon(), started.events());
            }, this::failed);
        }
        // The hook before the start: a SIGTERM while the rules compile stops the start in order too.
        StopRequest stop = new StopRequest();
        CountDownLatch startOver = new CountDownLatch(1);
        AtomicReference<Started> running = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            if (stop.ask() && startOver.getCount() > 0) {
                log.info("curfew stopping: asked while starting, the start gives up before any sweep");
            }
            awaitUninterruptibly(startOver);
            Started started = running.get();
            if (started != null) {
                started.close();
            }
        }, "curfew-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            running.set(start(false, stop));
        } catch (StopRequest.Abandoned e) {
            log.info("curfew stopped");
            return Main.DONE;   // the JVM is exiting already: its code is the signal's
        } catch (RuntimeException e) {
            removeHook(hook);
            throw e;
        } finally {
            startOver.countDown();
        }
        running.get().daemon().awaitStop();
        return Main.DONE;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A start that failed leaves nothing to stop (unless the JVM is already exiting: then the hook finds nothing). */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // The hook runs, finds no daemon and ends.
        }
    }

    /** The daemon and its event log (or null), started. */
    private record Started(Daemon daemon, EventLog events) {
        /** Stops the daemon in order, then the event log: "curfew stopped" is one of its events. */
        void close() {
            daemon.close();
            if (events != null) {
                events.close();
            }
        }
    }

    /** Starts the daemon; a start that fails closes what it opened and says why in the event log. */
    private Started start(boolean asService, StopRequest stop) {
        CurfewConfig config;
        try {
            config = root.config();
        } catch (ConfigException | UsageException e) {
            if (asService) {
                // No config, no log.eventLog: the event log as its default has it for a service.
                EventLog.startFailedUnconfigured(e.getMessage());
            }
            throw e;
        }
        if (whatIf) {
            config = config.withPolicy(config.policy().withWhatIf(true));
        }
        EventLog events = EventLog.forDaemon(config, asService);
        Curfew curfew = new Curfew(config, root.rulesDir, java.time.Clock.systemUTC()).withEvents(events);
        try {
            return new Started(Daemon.start(curfew, stop), events);
        } catch (RuntimeException e) {
            curfew.close();
            if (events != null) {
                if (!(e instanceof StopRequest.Abandoned)) {
                    events.startFailed(e.getMessage());
                }
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
