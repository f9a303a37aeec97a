package dev.curfew.config;

import dev.curfew.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole configuration, checked: every value here is valid. Built by {@link ConfigLoader}
 * from {@code config/curfew.yaml}.
 *
 * @param servers the servers to sweep; empty means the host's own (localhost, or the scenario's servers)
 */
public record CurfewConfig(
        Path file,
        Backend backend,
        Path scenario,
        List<ServerConfig> servers,
        Duration sweepInterval,
        int parallelism,
        Duration misfireGrace,
        Path dataDir,
        String historyUrl,
        String historyUser,
        String historyPassword,
        String node,
        Policy policy) {

    public CurfewConfig {
        servers = List.copyOf(servers);
    }

    /** The same configuration with another backend, for {@code --backend}. */
    public CurfewConfig withBackend(Backend b) {
        return new CurfewConfig(file, b, scenario, servers, sweepInterval, parallelism, misfireGrace, dataDir, historyUrl,
                historyUser, historyPassword, node, policy);
    }

    /** The same configuration with another policy, for {@code run --what-if}. */
    public CurfewConfig withPolicy(Policy p) {
        return new CurfewConfig(file, backend, scenario, servers, sweepInterval, parallelism, misfireGrace, dataDir, historyUrl,
                historyUser, historyPassword, node, p);
    }
}
