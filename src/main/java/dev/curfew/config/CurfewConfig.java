package dev.curfew.config;

import dev.curfew.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole configuration, checked: every value here is valid. Built by {@link ConfigLoader}
 * from {@code config/curfew.yaml}.
 *
 * @param servers the servers to sweep; empty means the host's own (localhost, or the scenario's servers)
 * @param hostJournal where the simulated server appends each action it receives and reads those of
 *     the other daemons on the same file, or null for nowhere
 * @param scenarioStart the instant the simulated day starts at, or null for the daemon's start
 * @param actionsPerServer how many calls (message, disconnect, logoff) one server's sweep or closing makes at once
 * @param actionsInFlight how many threads make such calls for all servers' sweeps and closings together
 * @param jobStore where the schedule lives: in memory, or in a database shared by a cluster
 * @param historyRetention how long history rows are kept, or null to keep them for ever
 * @param comebackWindow how soon after a disconnect or logoff a new connection of the same user counts as a come-back
 */
public record CurfewConfig(
        Path file,
        Backend backend,
        Path scenario,
        Path hostJournal,
        Instant scenarioStart,
        List<ServerConfig> servers,
        Duration sweepInterval,
        int parallelism,
        int actionsPerServer,
        int actionsInFlight,
        Duration misfireGrace,
        JobStoreConfig jobStore,
        Path dataDir,
        String historyUrl,
        String historyUser,
        String historyPassword,
        Duration historyRetention,
        Duration comebackWindow,
        String node,
        Policy policy) {

    public CurfewConfig {
        servers = List.copyOf(servers);
    }

    /** The same configuration with another backend, for {@code --backend}. */
    public CurfewConfig withBackend(Backend b) {
        return new CurfewConfig(file, b, scenario, hostJournal, scenarioStart, servers, sweepInterval, parallelism,
                actionsPerServer, actionsInFlight, misfireGrace, jobStore, dataDir, historyUrl, historyUser,
                historyPassword, historyRetention, comebackWindow, node, policy);
    }

    /** The same configuration with another history database URL and account. */
    public CurfewConfig withHistory(String url, String user, String password) {
        return new CurfewConfig(file, backend, scenario, hostJournal, scenarioStart, servers, sweepInterval, parallelism,
                actionsPerServer, actionsInFlight, misfireGrace, jobStore, dataDir, url, user, password, historyRetention,
                comebackWindow, node, policy);
    }

    /** The same configuration with another policy, for {@code run --what-if}. */
    public CurfewConfig withPolicy(Policy p) {
        return new CurfewConfig(file, backend, scenario, hostJournal, scenarioStart, servers, sweepInterval, parallelism,
                actionsPerServer, actionsInFlight, misfireGrace, jobStore, dataDir, historyUrl, historyUser,
                historyPassword, historyRetention, comebackWindow, node, p);
    }
}
