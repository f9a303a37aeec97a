package dev.curfew;

import com.sun.jna.Platform;
import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.action.ActionRunner;
import dev.curfew.config.Backend;
import dev.curfew.config.ConfigException;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.DirectoryConfig;
import dev.curfew.config.ServerConfig;
import dev.curfew.directory.Directory;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.SessionHost;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import dev.curfew.session.wts.WtsSessionHost;
import dev.curfew.windows.EventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.kie.api.KieServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: makes the session host, the rule engine and the history database once,
 * each on first use, and closes what it opened. Commands take from it only the parts they need.
 *
 * <pre>{@code
 * try (Curfew curfew = new Curfew(config, Path.of("rules"), Clock.systemUTC())) {
 *     curfew.host().list(ServerName.LOCALHOST);
 * }
 * }</pre>
 */
public final class Curfew implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Curfew.class);

    private final CurfewConfig config;
    private final Path rulesDir;
    private final Clock clock;
    /** A command's parts, not the daemon's: see {@link #forCommand}. */
    private final boolean command;
    // One lock per part, so the daemon can compile the rules while the history opens.
    private final Object hostLock = new Object();
    private final Object historyLock = new Object();
    private final Object engineLock = new Object();
    private final Object directoryLock = new Object();
    private Directory directory;
    private SessionHost host;
    private HikariDataSource dataSource;
    private HistoryStore history;
    private RuleCompiler compiler;
    private PolicyEngine engine;
    private ActionRunner runner;
    private volatile EventLog events;

    /** The parts of the daemon ({@code curfew run}). */
    public Curfew(CurfewConfig config, Path rulesDir, Clock clock) {
        this(config, rulesDir, clock, false);
    }

    private Curfew(CurfewConfig config, Path rulesDir, Clock clock, boolean command) {
        this.config = config;
        this.rulesDir = rulesDir;
        this.clock = clock;
        this.command = command;
    }

    /**
     * The parts of a command that runs for a moment ({@code history}, {@code report}, ...): a history
     * that cannot be opened fails at once, and an H2 history is not compacted when it closes, which
     * is seconds on a big file (the daemon compacts it when it stops).
     */
    public static Curfew forCommand(CurfewConfig config, Path rulesDir, Clock clock) {
        return new Curfew(config, rulesDir, clock, true);
    }

    public CurfewConfig config() {
        return config;
    }

    public Path rulesDir() {
        return rulesDir;
    }

    public Clock clock() {
        return clock;
    }

    /** The Windows event log the daemon writes besides its log, or null (log.eventLog); not closed here. */
    public EventLog events() {
        return events;
    }

    /** Makes the daemon report its reloads to {@code eventLog} too (null for none). */
    public Curfew withEvents(EventLog eventLog) {
        this.events = eventLog;
        return this;
    }

    /** The session host the config chooses; with {@code auto} and no WTS, the simulated server. */
    public SessionHost host() {
        synchronized (hostLock) {
            if (host == null) {
                host = createHost();
            }
            return host;
        }
    }

    /** Uses {@code host} instead of the configured one (tests, {@code simulate}). */
    public Curfew withHost(SessionHost replacement) {
        synchronized (hostLock) {
            this.host = replacement;
            return this;
        }
    }

    private SessionHost createHost() {
        Backend backend = config.host().backend();
        boolean noWts = backend == Backend.AUTO && !Platform.isWindows();
        if (backend == Backend.AUTO) {
            backend = noWts ? Backend.SIM : Backend.WTS;
        }
        if (backend == Backend.SIM) {
            var start = config.host().scenarioStart() == null ? clock.instant() : config.host().scenarioStart();
            // Read before the line below is logged: a scenario with an error is that error's line alone.
            var scenario = ScenarioReader.read(config.host().scenario()).startingAt(start);
            if (noWts) {
                log.info("No WTS on this machine ({}): using the simulated server from {}, its start mapped to {}",
                        System.getProperty("os.name"), config.host().scenario(),
                        config.host().scenarioStart() == null ? "now" : config.host().scenarioStart());
            }
            return new SimulatedSessionHost(scenario, clock, config.host().journal());
        }
        return WtsSessionHost.load(clock);
    }

    /** The servers to sweep: the configured ones, or the host's own when the config names none. */
    public List<ServerConfig> servers() {
        if (!config.servers().isEmpty()) {
            return config.servers();
        }
        return host().defaultServers().stream().map(s -> new ServerConfig(s, config.sweep().interval())).toList();
    }

    /** The history database, opened through HikariCP and migrated with Flyway on first use. */
    public HistoryStore history() {
        synchronized (historyLock) {
            if (history == null) {
                dataSource = HistoryStore.dataSource(config.history().url(), config.history().user(), config.history().password(),
                        config.history().dir(), command);
                history = new HistoryStore(dataSource, config.node());
                history.migrate();
            }
            return history;
        }
    }

    /** The rule compiler, for the start and every reload. */
    public RuleCompiler compiler() {
        synchronized (engineLock) {
            if (compiler == null) {
                compiler = new RuleCompiler(KieServices.get());
            }
            return compiler;
        }
    }

    /** The policy engine with the rules of the rules folder, compiled on first use. */
    public PolicyEngine engine() {
        synchronized (engineLock) {
            if (engine == null) {
                engine = new PolicyEngine(compiler().compile(rulesDir), config.policy());
            }
            return engine;
        }
    }

    /**
     * The directory of the users' groups, opened (and bound once) on first use; null when none is
     * configured. A refused bind is a {@link ConfigException} naming where the password comes from.
     */
    public Directory directory() {
        DirectoryConfig d = config.directory();
        if (!d.enabled()) {
            return null;
        }
        synchronized (directoryLock) {
            if (directory == null) {
                try {
                    directory = Directory.open(d, password(d), this::recordDirectory, clock);
                } catch (Directory.BadCredentials e) {
                    throw ConfigLoader.errorAt(config.file(), d.passwordKey(), e.getMessage());
                }
            }
            return directory;
        }
    }

    private void recordDirectory(Directory.Status s) {
        history().recordDirectory(s.since(), s.up(), s.error());
    }

    /** The bind password, from its file or variable; errors name the key, never the password. */
    private String password(DirectoryConfig d) {
        if (d.passwordEnv() != null) {
            String value = System.getenv(d.passwordEnv());
            if (value == null || value.isEmpty()) {
                throw ConfigLoader.errorAt(config.file(), "directory.passwordEnv", "the environment variable "
                        + d.passwordEnv() + " is not set (set it to the bind password)");
            }
            return value;
        }
        if (d.passwordFile() == null) {
            return null;
        }
        try {
            return Files.readString(d.passwordFile(), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw ConfigLoader.errorAt(config.file(), "directory.passwordFile", d.passwordFile() + ": file not found");
        } catch (IOException e) {
            throw ConfigLoader.errorAt(config.file(), "directory.passwordFile", d.passwordFile() + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    public ActionRunner runner() {
        SessionHost h = host();
        HistoryStore store = history();
        synchronized (this) {
            if (runner == null) {
                runner = new ActionRunner(h, store, clock, config.sweep().actionsPerServer(), config.sweep().actionsInFlight(),
                        config.sweep().questionsInFlight());
            }
            return runner;
        }
    }

    @Override
    public void close() {
        synchronized (directoryLock) {
            if (directory != null) {
                directory.close();   // its lookups first: an outage they find is recorded in the history
                directory = null;
            }
        }
        synchronized (this) {
            if (runner != null) {
                runner.close();   // the calls under way first: their outcomes go to the history
            }
        }
        synchronized (historyLock) {
            if (history != null) {
                history.close();   // the queued history rows first, while the database is open
            }
            if (dataSource != null) {
                dataSource.close();
                dataSource = null;
            }
        }
    }
}
