package dev.curfew.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole configuration, checked: every value here is valid. Mapped by {@link ConfigLoader} from
 * {@code config/curfew.yaml}, one record per section of the file: {@code config.sweep().interval()},
 * {@code config.history().url()}. Each section's {@code defaults()} are the values of the keys the
 * file leaves out.
 *
 * @param file the file read, or where it would be
 * @param servers the servers to sweep, each with its interval (the sweep's unless its own); empty means
 *     the host's own (localhost, or the scenario's servers)
 * @param directory where the users' groups come from ({@link DirectoryConfig#enabled()} false for nowhere)
 * @param node this daemon's name in the history and in a cluster (default: the machine's host name)
 * @param log where the daemon's lines go besides standard error
 */
public record CurfewConfig(
        @JsonIgnore Path file,
        Host host,
        List<ServerConfig> servers,
        Sweep sweep,
        Schedule schedule,
        History history,
        Report report,
        HttpConfig http,
        Policy policy,
        DirectoryConfig directory,
        String node,
        Log log) {

    public CurfewConfig {
        List<ServerConfig> named = new ArrayList<>();
        Set<ServerName> seen = new HashSet<>();
        for (ServerConfig s : servers) {
            if (!seen.add(s.name())) {
                throw new BadValue("servers[" + named.size() + "]", "server \"" + s.name() + "\" is listed twice");
            }
            named.add(s.interval() == null ? new ServerConfig(s.name(), sweep.interval()) : s);
        }
        servers = List.copyOf(named);
        directory = directory == null ? DirectoryConfig.defaults() : directory;
        log = log == null ? Log.defaults() : log;
        JobStoreConfig.of(schedule, history);
    }

    public static CurfewConfig defaults() {
        return new CurfewConfig(null, Host.defaults(), List.of(), new Sweep(null, null, null, null), Schedule.defaults(),
                History.defaults(), Report.defaults(), HttpConfig.defaults(), Policy.defaults(), DirectoryConfig.defaults(),
                hostName(), Log.defaults());
    }

    /**
     * {@code host:} where the sessions come from.
     *
     * @param scenario the simulated server's day (relative paths are resolved against the config's folder)
     * @param journal where the simulated server appends each action it receives and reads those of the
     *     other daemons on the same file, or null for nowhere
     * @param scenarioStart the instant the simulated day starts at, or null for the daemon's start
     */
    public record Host(Backend backend, Path scenario, Path journal, Instant scenarioStart) {
        public static Host defaults() {
            return new Host(Backend.AUTO, Path.of("demo-scenario.yaml"), null, null);
        }
    }

    /**
     * {@code sweep:} how often and how widely servers are swept. Its defaults depend on each other, so
     * this record applies them itself: {@code actionsPerServer} is at most {@code actionsInFlight}.
     *
     * @param actionsPerServer how many calls (message, disconnect, logoff) one server's sweep or closing makes at once
     * @param actionsInFlight how many threads make such calls for all servers' sweeps and closings together
     * @param questionsInFlight how many Yes/No questions ({@code policy.message.moreTime}) may wait for their
     *     answers at once, each on a thread of its own; a warning beyond them is sent without the question
     */
    public record Sweep(@JsonDeserialize(using = TextValue.Positive.class) Duration interval, Integer parallelism,
            Integer actionsPerServer, Integer actionsInFlight, Integer questionsInFlight) {
        public Sweep(Duration interval, Integer parallelism, Integer actionsPerServer, Integer actionsInFlight) {
            this(interval, parallelism, actionsPerServer, actionsInFlight, null);
        }

        public Sweep {
            questionsInFlight = inRange("questionsInFlight", questionsInFlight,
                    dev.curfew.action.MoreTime.DEFAULT_QUESTIONS_IN_FLIGHT);
            interval = interval == null ? Duration.ofMinutes(1) : interval;
            parallelism = inRange("parallelism", parallelism, 8);
            actionsInFlight = inRange("actionsInFlight", actionsInFlight, ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT);
            actionsPerServer = inRange("actionsPerServer", actionsPerServer,
                    Math.min(ActionRunner.DEFAULT_ACTIONS_PER_SERVER, actionsInFlight));
            if (actionsPerServer > actionsInFlight) {
                throw new BadValue("actionsPerServer", actionsPerServer + " is more than sweep.actionsInFlight ("
                        + actionsInFlight + "), the calls to all servers together (use at most " + actionsInFlight + ")");
            }
        }

        private static int inRange(String key, Integer value, int fallback) {
            if (value == null) {
                return fallback;
            }
            if (value < 1 || value > 1024) {
                throw new BadValue(key, value + " is out of range (1 to 1024)");
            }
            return value;
        }
    }

    /**
     * {@code schedule:} where Quartz keeps the schedule ({@link JobStoreConfig}) and how late a missed
     * closing may still be done.
     *
     * @param misfireGrace zero for {@code off}
     */
    public record Schedule(Duration misfireGrace, Store store, String url, String user, String password,
            @JsonDeserialize(using = TextValue.Positive.class) Duration checkinInterval) {
        public Schedule {
            misfireGrace = misfireGrace == null ? Duration.ZERO : misfireGrace;
            if (store == Store.RAM) {
                String given = url != null ? "url" : user != null ? "user" : password != null ? "password" : null;
                if (given != null) {
                    throw new BadValue(given, "is only used with schedule.store: jdbc");
                }
            }
        }

        public static Schedule defaults() {
            return new Schedule(Duration.ofMinutes(10), Store.RAM, null, null, null, JobStoreConfig.DEFAULT_CHECKIN);
        }

        /** {@code ram}: this daemon alone; {@code jdbc}: a node of a cluster sharing one database. */
        public enum Store {
            RAM, JDBC;

            static Store parse(String text) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "ram" -> RAM;
                    case "jdbc" -> JDBC;
                    default -> throw new IllegalArgumentException("\"" + text
                            + "\" is not a job store (use ram for one daemon, jdbc for several)");
                };
            }
        }
    }

    /**
     * {@code history:} where actions are recorded.
     *
     * @param dir the folder of the embedded H2 database (relative to the config's folder)
     * @param url a shared database instead, or null
     * @param retention how long history rows are kept, or null to keep them for ever
     */
    public record History(Path dir, String url, String user, String password,
            @JsonDeserialize(using = TextValue.PositiveOrOff.class) Duration retention) {
        public History {
            if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw new BadValue("url", "\"" + url + "\" is not a supported database URL "
                        + "(use jdbc:h2:... or jdbc:postgresql://host/db)");
            }
        }

        public static History defaults() {
            return new History(Path.of("data"), null, null, null, Duration.ofDays(400));
        }
    }

    /**
     * {@code report:}.
     *
     * @param comebackWindow how soon after a disconnect or logoff a new connection of the same user counts as a come-back
     */
    public record Report(@JsonDeserialize(using = TextValue.Positive.class) Duration comebackWindow) {
        public static Report defaults() {
            return new Report(Duration.ofMinutes(10));
        }
    }

    /**
     * {@code log:}.
     *
     * @param eventLog whether warnings, errors and actions also go to the Windows event log (Application, source curfew)
     */
    public record Log(EventLogMode eventLog) {
        public Log {
            eventLog = eventLog == null ? EventLogMode.AUTO : eventLog;
        }

        public static Log defaults() {
            return new Log(EventLogMode.AUTO);
        }
    }

    /** Where the schedule lives: in memory, or in a database shared by a cluster. */
    public JobStoreConfig jobStore() {
        return JobStoreConfig.of(schedule, history);
    }

    /** The configuration as read from {@code file}, its relative paths resolved against {@code dir}. */
    CurfewConfig locatedAt(Path file, Path dir) {
        Host h = new Host(host.backend(), dir.resolve(host.scenario()).normalize(),
                host.journal() == null ? null : dir.resolve(host.journal()).normalize(), host.scenarioStart());
        // Normalized: the log says data/http.token, not config/../data/http.token.
        History hi = new History(dir.resolve(history.dir()).normalize(), history.url(), history.user(), history.password(),
                history.retention());
        return new CurfewConfig(file, h, servers, sweep, schedule, hi, report, http.locatedAt(dir), policy,
                directory.locatedAt(dir), node, log);
    }

    /** The same configuration with another backend, for {@code --backend}. */
    public CurfewConfig withBackend(Backend b) {
        Host h = new Host(b, host.scenario(), host.journal(), host.scenarioStart());
        return new CurfewConfig(file, h, servers, sweep, schedule, history, report, http, policy, directory, node, log);
    }

    /** The same configuration with another policy, for {@code run --what-if}. */
    public CurfewConfig withPolicy(Policy p) {
        return new CurfewConfig(file, host, servers, sweep, schedule, history, report, http, p, directory, node, log);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
