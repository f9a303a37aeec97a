package dev.curfew.cli;

import dev.curfew.Curfew;
import dev.curfew.config.Backend;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top command: global options shared by every subcommand. */
@Command(name = "curfew",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps Remote Desktop and MultiPoint servers tidy: on a schedule and by rules, warns, "
                + "disconnects or logs off the sessions that should not stay open, and records what it did.",
        footer = {"", "Exit codes: 0 done, 1 some targets failed (the others were done), 2 bad usage or configuration."},
        subcommands = {RunCommand.class, SessionsCommand.class, DisconnectCommand.class, LogoffCommand.class,
            MessageCommand.class, SimulateCommand.class, RulesCommand.class, HistoryCommand.class, ReportCommand.class,
            HttpCommand.class, ServiceCommand.class})
public final class CurfewCommand {

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "Folder of curfew.yaml and the demo scenario (default: ${DEFAULT-VALUE}); "
                    + "relative paths in curfew.yaml are resolved against it.")
    Path configDir;

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "Folder of the .drl rule files (default: ${DEFAULT-VALUE}).")
    Path rulesDir;

    @Option(names = "--backend", paramLabel = "auto|wts|sim",
            description = "Session host: wts (the Windows API), sim (the simulated server), "
                    + "auto (wts on Windows, sim elsewhere). Overrides host.backend.")
    String backend;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    private Io io = Io.none();

    CurfewCommand io(Io value) {
        this.io = value;
        return this;
    }

    Io io() {
        return io;
    }

    /** Loads the configuration with the command line's overrides. */
    CurfewConfig config() {
        CurfewConfig config = ConfigLoader.load(configDir);
        if (backend != null) {
            Backend b;
            try {
                b = Backend.parse(backend);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--backend: " + e.getMessage());
            }
            config = config.withBackend(b);
        }
        return config;
    }

    /** The composition root for a command, with the real clock. */
    Curfew open() {
        return Curfew.forCommand(config(), rulesDir, Clock.systemUTC());
    }
}
