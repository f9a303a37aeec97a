package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.windows.EventLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code curfew run}: the daemon, until Ctrl-C or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Starts the daemon: sweeps servers, acts as the rules decide.",
            "Reads config/curfew.yaml, compiles rules/*.drl, opens the history database,",
            "and sweeps each server every sweep.interval. Without WTS (any machine but",
            "Windows) it runs against the simulated server of host.scenario, so the demo",
            "works anywhere. Stop it with Ctrl-C or SIGTERM."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    CurfewCommand root;

    @Option(names = "--what-if", description = "Decide, log and record everything, but send nothing to any server.")
    boolean whatIf;

    @Override
    public Integer call() throws InterruptedException {
        var config = root.config();
        if (whatIf) {
            config = config.withPolicy(config.policy().withWhatIf(true));
        }
        EventLog events = EventLog.forDaemon(config, false);
        Curfew curfew = new Curfew(config, root.rulesDir, java.time.Clock.systemUTC()).withEvents(events);
        Daemon daemon;
        try {
            daemon = Daemon.start(curfew);
        } catch (RuntimeException e) {
            curfew.close();
            if (events != null) {
                events.startFailed(e.getMessage());
                events.close();
            }
            throw e;
        }
        // The event log last: "curfew stopped" is one of its events.
        Thread hook = new Thread(() -> {
            daemon.close();
            if (events != null) {
                events.close();
            }
        }, "curfew-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.awaitStop();
        return Main.DONE;
    }
}
