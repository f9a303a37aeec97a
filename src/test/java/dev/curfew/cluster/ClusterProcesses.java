package dev.curfew.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every multi-process cluster test shares: a folder, a PostgreSQL and the daemon processes,
 * all stopped after each test, with the node logs kept under {@code target/cluster-logs/TEST}.
 */
abstract class ClusterProcesses {
    @TempDir
    Path dir;

    Postgres postgres;
    Nodes nodes;

    @AfterEach
    void stopAll(TestInfo test) throws Exception {
        if (nodes != null) {
            nodes.close();
            nodes.keepLogs(Path.of("target", "cluster-logs", test.getTestMethod().orElseThrow().getName()));
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
